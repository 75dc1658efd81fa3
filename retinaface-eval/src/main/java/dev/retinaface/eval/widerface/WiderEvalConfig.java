package dev.retinaface.eval.widerface;

/**
 * Tunables of the WIDER FACE scoring. {@link #official()} is the protocol; other values give curves that
 * are not comparable with published numbers.
 *
 * @param iouThreshold   a prediction hits its best ground-truth box when their (+1 pixel) IoU is at least this
 * @param thresholdCount number of score thresholds {@code 1 - t / thresholdCount}, {@code t = 1..thresholdCount}:
 *                       the points of the PR curve
 */
public record WiderEvalConfig(double iouThreshold, int thresholdCount) {

    public WiderEvalConfig {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be in (0, 1], got " + iouThreshold);
        }
        if (thresholdCount < 1) {
            throw new IllegalArgumentException("thresholdCount must be at least 1, got " + thresholdCount);
        }
    }

    /** The official protocol: IoU 0.5, 1000 thresholds. */
    public static WiderEvalConfig official() {
        return new WiderEvalConfig(0.5, 1000);
    }
}
