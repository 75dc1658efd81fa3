package dev.retinaface.train.match;

/**
 * How anchors are assigned to faces.
 *
 * @param positiveIoU     anchors whose best IoU with a face is at least this are positives of that face
 * @param negativeIoU     anchors whose best IoU is below this are background; those in between are ignored
 * @param minBestAnchorIoU a face whose best anchor has an IoU below this gets no forced anchor (the reference
 *                         "ignore hard ground truth" rule); every other face gets its best anchor as a positive
 */
public record MatchConfig(float positiveIoU, float negativeIoU, float minBestAnchorIoU) {

    public MatchConfig {
        if (!(negativeIoU > 0 && negativeIoU <= positiveIoU && positiveIoU <= 1)) {
            throw new IllegalArgumentException("need 0 < negativeIoU <= positiveIoU <= 1, got " + negativeIoU
                    + " and " + positiveIoU);
        }
        if (!(minBestAnchorIoU >= 0 && minBestAnchorIoU <= 1)) {
            throw new IllegalArgumentException("minBestAnchorIoU must be in [0, 1], got " + minBestAnchorIoU);
        }
    }

    /** biubug6/Pytorch_Retinaface: IoU 0.35 either way, faces whose best anchor IoU is below 0.2 ignored. */
    public static MatchConfig reference() {
        return new MatchConfig(0.35f, 0.35f, 0.2f);
    }

    /** The paper: positives from IoU 0.5, negatives below 0.3, the band ignored; best anchors forced as in the reference. */
    public static MatchConfig paper() {
        return new MatchConfig(0.5f, 0.3f, 0.2f);
    }
}
