package dev.retinaface.train.match;

import dev.retinaface.core.anchors.PriorBoxes;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.core.boxes.BoxCoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AnchorMatcherTest {

    private static final float[] REFERENCE_640 = PriorBoxes.generate(PriorConfig.reference(), 640, 640);

    @Test
    void anchorCountsAndOrder() {
        assertEquals(16_800, PriorBoxes.count(PriorConfig.reference(), 640, 640));
        assertEquals(102_300, PriorBoxes.count(PriorConfig.paper(), 640, 640));
        assertEquals(102_300 * 4, PriorBoxes.generate(PriorConfig.paper(), 640, 640).length);
        // first anchors: level 0, cell (0, 0), sizes 16 then 32; then cell (0, 1)
        assertArrayEquals(new float[] {4 / 640f, 4 / 640f, 16 / 640f, 16 / 640f, 4 / 640f, 4 / 640f, 32 / 640f, 32 / 640f,
                12 / 640f, 4 / 640f, 16 / 640f, 16 / 640f}, java.util.Arrays.copyOf(REFERENCE_640, 12), 1e-7f);
        // ceil grid for sizes that are not multiples of the stride
        assertEquals((13 * 9 + 7 * 5 + 4 * 3) * 2, PriorBoxes.count(PriorConfig.reference(), 100, 70));
        float[] paperSizes = PriorConfig.paper().minSizes()[4];
        assertEquals(256 * Math.pow(2, 2 / 3.0), paperSizes[2], 1e-3);
    }

    @Test
    void faceOnAnAnchorIsEncodedAsZeroOffsets() {
        AnchorMatcher matcher = new AnchorMatcher(REFERENCE_640, MatchConfig.reference(), new BoxCoder(0.1f, 0.2f));
        // the 64-px anchor of level 1 at cell (row 3, col 5): centre (88, 56)
        int anchor = 80 * 80 * 2 + (3 * 40 + 5) * 2;
        float[] box = {(88 - 32) / 640f, (56 - 32) / 640f, (88 + 32) / 640f, (56 + 32) / 640f};
        float[] lm = new float[10];
        for (int k = 0; k < 5; k++) {
            lm[2 * k] = (88 + 6.4f * k) / 640f; // 0.1 × 64 px = one unit per 6.4 px
            lm[2 * k + 1] = 56 / 640f;
        }
        MatchedTargets t = matcher.match(List.of(new GroundTruth(box, lm)));
        assertEquals(AnchorLabel.FACE, t.labels()[anchor]);
        assertArrayEquals(new float[4], java.util.Arrays.copyOfRange(t.boxes(), anchor * 4, anchor * 4 + 4), 1e-5f);
        assertArrayEquals(new float[] {0, 0, 1, 0, 2, 0, 3, 0, 4, 0},
                java.util.Arrays.copyOfRange(t.landmarks(), anchor * 10, anchor * 10 + 10), 1e-4f);
        // the same-centre 128-px anchor has IoU 0.25: background under the reference rule
        assertEquals(AnchorLabel.BACKGROUND, t.labels()[anchor + 1]);
    }

    @Test
    void tinyFaceGetsNoAnchorAndFaceWithoutLandmarksTrainsBoxOnly() {
        AnchorMatcher matcher = new AnchorMatcher(REFERENCE_640, MatchConfig.reference(), new BoxCoder(0.1f, 0.2f));
        float[] tiny = {100 / 640f, 100 / 640f, 104 / 640f, 104 / 640f}; // best IoU 16/256 < 0.2
        assertEquals(0, matcher.match(List.of(new GroundTruth(tiny, null))).positives());
        float[] face = {200 / 640f, 200 / 640f, 232 / 640f, 232 / 640f};
        MatchedTargets t = matcher.match(List.of(new GroundTruth(tiny, null), new GroundTruth(face, null)));
        // 32-px anchors: 4 centred 4 px off in x and y (IoU 0.62), 8 centred 4 and 12 px off (IoU 560 / 1488 = 0.376)
        assertEquals(12, t.positives());
        int labelled = 0;
        for (byte l : t.labels()) {
            labelled += l == AnchorLabel.FACE_NO_LANDMARKS ? 1 : 0;
        }
        assertEquals(12, labelled);
    }

    @Test
    void paperRuleIgnoresTheBandBetweenThresholds() {
        float[] anchors = {0.5f, 0.5f, 0.2f, 0.2f, 0.5f, 0.5f, 0.25f, 0.25f, 0.5f, 0.5f, 0.4f, 0.4f};
        AnchorMatcher matcher = new AnchorMatcher(anchors, MatchConfig.paper(), new BoxCoder(0.1f, 0.2f));
        // face = anchor 0 exactly; IoU with anchor 1 is 0.64 (positive), with anchor 2 is 0.25 (background)
        MatchedTargets t = matcher.match(List.of(new GroundTruth(new float[] {0.4f, 0.4f, 0.6f, 0.6f}, null)));
        assertArrayEquals(new byte[] {AnchorLabel.FACE_NO_LANDMARKS, AnchorLabel.FACE_NO_LANDMARKS, AnchorLabel.BACKGROUND}, t.labels());
        // a face of 0.32 side: IoU 0.39 with anchor 0 -> ignored, 0.61 with anchor 1 and 0.64 with anchor 2 -> positives
        t = matcher.match(List.of(new GroundTruth(new float[] {0.34f, 0.34f, 0.66f, 0.66f}, null)));
        assertArrayEquals(new byte[] {AnchorLabel.IGNORED, AnchorLabel.FACE_NO_LANDMARKS, AnchorLabel.FACE_NO_LANDMARKS}, t.labels());
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MatchConfig(0.3f, 0.5f, 0.2f));
        assertThrows(IllegalArgumentException.class, () -> new GroundTruth(new float[3], null));
    }
}
