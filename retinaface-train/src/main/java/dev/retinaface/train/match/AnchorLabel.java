package dev.retinaface.train.match;

/** What an anchor learns after matching. */
public final class AnchorLabel {

    /** Background: a negative candidate for hard negative mining. */
    public static final byte BACKGROUND = 0;
    /** Positive of a face with landmarks: class, box and landmark losses. */
    public static final byte FACE = 1;
    /** Positive of a face without landmarks: class and box losses only. */
    public static final byte FACE_NO_LANDMARKS = 2;
    /** Between the negative and positive thresholds: no loss at all. */
    public static final byte IGNORED = 3;

    private AnchorLabel() {
    }

    public static boolean isPositive(byte label) {
        return label == FACE || label == FACE_NO_LANDMARKS;
    }
}
