package dev.retinaface.video;

import java.util.Locale;

/** What gives the boxes on the frames between full detections ({@code --detect-every N}, N > 1). */
public enum BetweenDetections {

    /**
     * The detector, run on crops around the boxes the tracker expects (on the network's stride grid, so the result is
     * nearly the full frame's), whose faces update the tracks as detections do; the motion model alone carries a
     * track the crops miss. When the crops would cover most of the frame, the whole frame is detected instead.
     */
    ROI,

    /** The tracker's motion model alone (camera motion and a constant-velocity Kalman filter): no detector runs. */
    MOTION;

    /** Parses {@code roi} or {@code motion} (any case). */
    public static BetweenDetections parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "roi" -> ROI;
            case "motion" -> MOTION;
            default -> throw new IllegalArgumentException("--between must be roi or motion, got '" + text + "'");
        };
    }

    /** The name as written on a command line. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
