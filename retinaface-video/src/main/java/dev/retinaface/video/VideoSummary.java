package dev.retinaface.video;

import java.util.Locale;

/**
 * What one pipeline run did.
 *
 * @param frames         video frames processed
 * @param detectedFrames frames the detector ran on whole
 * @param regionFrames   frames between full detections where the detector ran on crops around the tracks
 *                       ({@link BetweenDetections#ROI})
 * @param tracks         track ids handed out
 * @param faceFrames     faces reported over all frames (one face in 10 frames counts 10)
 * @param wallSeconds    run time
 * @param mediaSeconds   duration of the processed video (frames / fps)
 * @param stopped        true when the run was stopped early (Ctrl-C, {@link VideoPipeline#stop()})
 */
public record VideoSummary(long frames, long detectedFrames, long regionFrames, int tracks, long faceFrames,
                           double wallSeconds, double mediaSeconds, boolean stopped) {

    /** Frames per second of wall time. */
    public double fps() {
        return wallSeconds > 0 ? frames / wallSeconds : 0;
    }

    /** Media time processed per second of wall time (above 1: faster than real time). */
    public double realtimeFactor() {
        return wallSeconds > 0 ? mediaSeconds / wallSeconds : 0;
    }

    /** One line for people. */
    public String describe() {
        return String.format(Locale.ROOT, "%d frames (%.1f s of video), %d detected%s, %d tracks, %d face-frames; "
                        + "%.1f FPS, %.2fx real time%s", frames, mediaSeconds, detectedFrames,
                regionFrames > 0 ? " (" + regionFrames + " more on regions)" : "", tracks, faceFrames, fps(),
                realtimeFactor(), stopped ? " (stopped early)" : "");
    }
}
