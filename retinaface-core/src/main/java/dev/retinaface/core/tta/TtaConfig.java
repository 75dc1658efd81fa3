package dev.retinaface.core.tta;

import dev.retinaface.core.detect.ResizePolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Test-time augmentation settings: the scales an image is run at, whether each scale is also run mirrored, and
 * how the runs are merged.
 *
 * @param scales         resize policies, one run each (at least one)
 * @param flip           also run every scale on the mirrored image
 * @param mergeMode      how the runs are merged
 * @param mergeThreshold IoU threshold of the merge, in (0, 1] (0.4)
 */
public record TtaConfig(List<ResizePolicy> scales, boolean flip, MergeMode mergeMode, float mergeThreshold) {

    /** Short sides of the paper's multi-scale test. */
    public static final List<Integer> PAPER_SHORT_SIDES = List.of(500, 800, 1100, 1400, 1700);
    /** Long-side cap of the reference's large-scale test, applied to every paper scale. */
    public static final int PAPER_MAX_LONG = 2150;

    public TtaConfig {
        Objects.requireNonNull(scales, "scales");
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("test-time augmentation needs at least one scale");
        }
        for (ResizePolicy p : scales) {
            Objects.requireNonNull(p, "scales must not contain null");
        }
        scales = List.copyOf(scales);
        Objects.requireNonNull(mergeMode, "mergeMode");
        if (!(mergeThreshold > 0f && mergeThreshold <= 1f)) {
            throw new IllegalArgumentException("mergeThreshold must be in (0, 1], got " + mergeThreshold);
        }
    }

    /** One run at original size. */
    public static TtaConfig none() {
        return new TtaConfig(List.of(new ResizePolicy.Original()), false, MergeMode.NMS, 0.4f);
    }

    /** Original size, plain and mirrored, merged by NMS 0.4. */
    public static TtaConfig flipOnly() {
        return new TtaConfig(List.of(new ResizePolicy.Original()), true, MergeMode.NMS, 0.4f);
    }

    /**
     * The paper's protocol: original size plus short sides 500, 800, 1100, 1400 and 1700 (each with the long side
     * capped at 2150), every one plain and mirrored, merged by box voting at IoU 0.4.
     *
     * <p>insightface's {@code test_widerface.py} caps the scales differently (it scales a short-800/long-1200
     * fit by {@code side / 800}) and does not include the original size.
     */
    public static TtaConfig paper() {
        List<ResizePolicy> scales = new ArrayList<>();
        scales.add(new ResizePolicy.Original());
        for (int side : PAPER_SHORT_SIDES) {
            scales.add(new ResizePolicy.ShortSide(side, PAPER_MAX_LONG));
        }
        return new TtaConfig(scales, true, MergeMode.BOX_VOTING, 0.4f);
    }

    /** A named preset: {@code none}, {@code flip} or {@code paper} (case-insensitive). */
    public static TtaConfig preset(String name) {
        return switch (Objects.requireNonNull(name, "preset name").toLowerCase(Locale.ROOT)) {
            case "none" -> none();
            case "flip" -> flipOnly();
            case "paper" -> paper();
            case "paper-nms" -> paper().withMergeMode(MergeMode.NMS);
            case "pyramid" -> paper().withFlip(false);
            default -> throw new IllegalArgumentException(
                    "unknown test-time augmentation preset '" + name + "'; known: none, flip, pyramid, paper, paper-nms");
        };
    }

    /** Number of network runs per image. */
    public int runs() {
        return scales.size() * (flip ? 2 : 1);
    }

    public TtaConfig withFlip(boolean value) {
        return new TtaConfig(scales, value, mergeMode, mergeThreshold);
    }

    public TtaConfig withMergeMode(MergeMode value) {
        return new TtaConfig(scales, flip, value, mergeThreshold);
    }

    public TtaConfig withScales(List<ResizePolicy> value) {
        return new TtaConfig(value, flip, mergeMode, mergeThreshold);
    }
}
