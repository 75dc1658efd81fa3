package dev.retinaface.core.detect;

import dev.retinaface.core.image.ImageLoadConfig;
import dev.retinaface.core.tta.TtaConfig;

import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link FaceDetector} can be tuned with, immutable, with the reference's defaults.
 *
 * <p>Scales: {@link #resize()} is the detector's input size. Test-time augmentation adds runs; a TTA scale of
 * {@link ResizePolicy.Original} means "the detector's resize policy", so {@code resize} and {@code tta} never
 * contradict each other. {@link #runScales()} is the resulting list of runs, the one place both are combined.
 *
 * @param postProcessing score threshold, top-k, NMS IoU, keep-top-k
 * @param resize         network input size policy (default: original size)
 * @param tta            test-time augmentation (default: none)
 * @param imageLoading   how files and bytes are decoded (pixel limit, EXIF orientation)
 */
public record DetectorConfig(DetectionConfig postProcessing, ResizePolicy resize, TtaConfig tta,
                             ImageLoadConfig imageLoading) {

    public DetectorConfig {
        Objects.requireNonNull(postProcessing, "postProcessing");
        Objects.requireNonNull(resize, "resize");
        Objects.requireNonNull(tta, "tta");
        Objects.requireNonNull(imageLoading, "imageLoading");
    }

    /** Score 0.5, top 5,000, NMS 0.4, keep 750, original size, no TTA, 50 MP limit. */
    public static DetectorConfig defaults() {
        return new DetectorConfig(DetectionConfig.defaults(), new ResizePolicy.Original(), TtaConfig.none(),
                ImageLoadConfig.defaults());
    }

    /** The reference's WIDER FACE evaluation settings: the defaults with score threshold 0.02. */
    public static DetectorConfig evaluation() {
        return defaults().withPostProcessing(DetectionConfig.evaluation());
    }

    /** The scales the network runs at, one run each (each also mirrored when {@code tta().flip()}). */
    public List<ResizePolicy> runScales() {
        return tta.scales().stream().map(s -> s instanceof ResizePolicy.Original ? resize : s).toList();
    }

    /** True when an image takes exactly one network run (no flip, one scale), so images can be batched. */
    public boolean isSingleRun() {
        return tta.runs() == 1;
    }

    /** Lowest face score kept. */
    public float minScore() {
        return postProcessing.scoreThreshold();
    }

    public DetectorConfig withPostProcessing(DetectionConfig value) {
        return new DetectorConfig(value, resize, tta, imageLoading);
    }

    /** A copy with another score threshold, in [0, 1). */
    public DetectorConfig withMinScore(float value) {
        return withPostProcessing(postProcessing.withScoreThreshold(value));
    }

    /** A copy with another NMS IoU threshold, in [0, 1]. */
    public DetectorConfig withNmsThreshold(float value) {
        return withPostProcessing(postProcessing.withNmsThreshold(value));
    }

    public DetectorConfig withResize(ResizePolicy value) {
        return new DetectorConfig(postProcessing, value, tta, imageLoading);
    }

    public DetectorConfig withTta(TtaConfig value) {
        return new DetectorConfig(postProcessing, resize, value, imageLoading);
    }

    public DetectorConfig withImageLoading(ImageLoadConfig value) {
        return new DetectorConfig(postProcessing, resize, tta, value);
    }

    /** A copy with another pixel limit for files and bytes. */
    public DetectorConfig withMaxPixels(long value) {
        return withImageLoading(imageLoading.withMaxPixels(value));
    }
}
