package dev.retinaface.train.match;

/**
 * Per-anchor training targets of one image.
 *
 * @param labels    {@link AnchorLabel} per anchor
 * @param boxes     encoded box targets, 4 per anchor (0 where the anchor is not positive)
 * @param landmarks encoded landmark targets, 10 per anchor (0 where the anchor is not a {@link AnchorLabel#FACE})
 */
public record MatchedTargets(byte[] labels, float[] boxes, float[] landmarks) {

    public MatchedTargets {
        if (boxes.length != labels.length * 4 || landmarks.length != labels.length * 10) {
            throw new IllegalArgumentException("targets do not fit " + labels.length + " anchors");
        }
    }

    public int anchors() {
        return labels.length;
    }

    /** Number of positive anchors. */
    public int positives() {
        int n = 0;
        for (byte l : labels) {
            if (AnchorLabel.isPositive(l)) {
                n++;
            }
        }
        return n;
    }
}
