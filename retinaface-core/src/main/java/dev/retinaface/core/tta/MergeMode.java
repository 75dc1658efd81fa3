package dev.retinaface.core.tta;

/** How detections from several test-time runs (scales, flips) are merged. */
public enum MergeMode {
    /** Non-maximum suppression over all runs ({@code boxes.Nms}, +1 pixel convention, drop IoU above threshold). */
    NMS,
    /** {@link BoxVoting} keeping faces found only once. */
    BOX_VOTING,
    /**
     * {@link BoxVoting} as insightface's {@code bbox_vote}: a face whose group has no other member is dropped,
     * unless it is the very last one left.
     */
    BOX_VOTING_INSIGHTFACE
}
