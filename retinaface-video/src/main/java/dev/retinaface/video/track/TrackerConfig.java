package dev.retinaface.video.track;

/**
 * Settings of {@link FaceTracker} (ByteTrack-style association).
 *
 * @param highScore    detections at or above this score are matched first and may start tracks
 * @param lowScore     detections in {@code [lowScore, highScore)} only keep existing tracks alive (second association)
 * @param matchIou     least IoU between a predicted track box and a detection for them to match
 * @param maxAge       frames a track survives without a matching detection before it is dropped
 * @param maskHold     frames a lost track's predicted box is still reported (so a face missed for a frame or two stays
 *                     masked); at most {@code maxAge}
 * @param smoothLandmarks whether landmarks pass through a One-Euro filter per track
 */
public record TrackerConfig(float highScore, float lowScore, float matchIou, int maxAge, int maskHold,
                            boolean smoothLandmarks) {

    public TrackerConfig {
        if (!(lowScore >= 0 && lowScore <= highScore && highScore <= 1)) {
            throw new IllegalArgumentException("need 0 <= lowScore <= highScore <= 1, got " + lowScore + ", " + highScore);
        }
        if (!(matchIou > 0 && matchIou < 1)) {
            throw new IllegalArgumentException("matchIou must be in (0, 1), got " + matchIou);
        }
        if (maxAge < 1 || maskHold < 0 || maskHold > maxAge) {
            throw new IllegalArgumentException("need maxAge >= 1 and 0 <= maskHold <= maxAge, got " + maxAge + ", " + maskHold);
        }
    }

    /** High 0.5, low 0.1, IoU 0.3, 30 frames of age, 5 frames of mask hold, no landmark smoothing. */
    public static TrackerConfig defaults() {
        return new TrackerConfig(0.5f, 0.1f, 0.3f, 30, 5, false);
    }

    public TrackerConfig withMaxAge(int frames) {
        return new TrackerConfig(highScore, lowScore, matchIou, frames, Math.min(maskHold, frames), smoothLandmarks);
    }

    public TrackerConfig withMaskHold(int frames) {
        return new TrackerConfig(highScore, lowScore, matchIou, maxAge, frames, smoothLandmarks);
    }

    public TrackerConfig withSmoothLandmarks(boolean on) {
        return new TrackerConfig(highScore, lowScore, matchIou, maxAge, maskHold, on);
    }

    public TrackerConfig withScores(float high, float low) {
        return new TrackerConfig(high, low, matchIou, maxAge, maskHold, smoothLandmarks);
    }
}
