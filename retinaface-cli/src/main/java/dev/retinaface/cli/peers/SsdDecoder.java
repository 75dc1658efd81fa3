package dev.retinaface.cli.peers;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes MediaPipe face-detector outputs as its {@code TensorsToDetectionsCalculator} describes them: per anchor
 * 16 regressor values (x centre, y centre, width, height, then six (x, y) keypoints; "reverse output order"), each
 * divided by the input size and, for fixed-size anchors, added to the anchor centre; score = sigmoid of the clipped
 * logit. Coordinates come out in [0, 1] of the model input.
 */
public final class SsdDecoder {

    /** Regressor values per anchor. */
    public static final int VALUES = 16;
    /** Keypoints per face (eyes, nose tip, mouth centre, ear tragions). */
    public static final int KEYPOINTS = 6;

    /**
     * One decoded box in model-input coordinates ([0, 1]).
     *
     * @param xmin      left
     * @param ymin      top
     * @param xmax      right
     * @param ymax      bottom
     * @param score     probability
     * @param keypoints x, y of each of the six keypoints
     */
    public record Detection(float xmin, float ymin, float xmax, float ymax, float score, float[] keypoints) {
        float area() {
            return Math.max(0, xmax - xmin) * Math.max(0, ymax - ymin);
        }
    }

    private final float[] anchors;
    private final float xScale;
    private final float yScale;
    private final float scoreClip;

    /**
     * @param anchors   {@code [cx, cy, w, h]} per anchor ({@link SsdAnchors#generate()})
     * @param xScale    divisor of x values (the input width for these models)
     * @param yScale    divisor of y values (the input height)
     * @param scoreClip logits are clipped to +-this before the sigmoid (MediaPipe: 100)
     */
    public SsdDecoder(float[] anchors, float xScale, float yScale, float scoreClip) {
        this.anchors = anchors.clone();
        this.xScale = xScale;
        this.yScale = yScale;
        this.scoreClip = scoreClip;
    }

    /** Number of anchors this decoder expects. */
    public int anchors() {
        return anchors.length / 4;
    }

    /**
     * The boxes whose score is at least {@code minScore} and whose width and height are positive.
     *
     * @param regressors {@code anchors x 16} values
     * @param logits     one score logit per anchor
     */
    public List<Detection> decode(float[] regressors, float[] logits, float minScore) {
        int n = anchors();
        if (regressors.length != n * VALUES || logits.length != n) {
            throw new IllegalArgumentException("expected " + n + " anchors (" + n * VALUES + " regressor values), got "
                    + regressors.length + " values and " + logits.length + " scores");
        }
        List<Detection> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            float logit = Math.max(-scoreClip, Math.min(scoreClip, logits[a]));
            float score = (float) (1 / (1 + Math.exp(-logit)));
            if (score < minScore) {
                continue;
            }
            float acx = anchors[4 * a];
            float acy = anchors[4 * a + 1];
            float aw = anchors[4 * a + 2];
            float ah = anchors[4 * a + 3];
            int o = a * VALUES;
            float cx = regressors[o] / xScale * aw + acx;
            float cy = regressors[o + 1] / yScale * ah + acy;
            float w = regressors[o + 2] / xScale * aw;
            float h = regressors[o + 3] / yScale * ah;
            if (!(w > 0 && h > 0)) {
                continue; // a degenerate box (the regressors can give a negative size) is no detection
            }
            float[] kp = new float[2 * KEYPOINTS];
            for (int k = 0; k < KEYPOINTS; k++) {
                kp[2 * k] = regressors[o + 4 + 2 * k] / xScale * aw + acx;
                kp[2 * k + 1] = regressors[o + 5 + 2 * k] / yScale * ah + acy;
            }
            out.add(new Detection(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, kp));
        }
        return out;
    }
}
