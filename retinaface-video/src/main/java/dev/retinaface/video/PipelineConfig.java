package dev.retinaface.video;

import dev.retinaface.video.track.TrackerConfig;

import java.util.Objects;

/**
 * Settings of {@link VideoPipeline}.
 *
 * @param detectEvery run the detector on every N-th frame; the tracker carries the boxes in between
 * @param workers     frames detected at once (detector calls in flight)
 * @param queueFrames decoded frames waiting at most between decoding and output; with the workers this bounds memory
 * @param tracker     tracking settings
 * @param sceneCut    mean grey-level change between frames taken as a hard cut, after which tracking starts over
 *                    (0: never)
 * @param cameraMotion whether tracks are moved along with the whole picture (camera pans and shakes) before matching
 * @param between     what gives the boxes on the frames between full detections (when {@code detectEvery > 1})
 * @param roiBudget   with {@link BetweenDetections#ROI}: the largest share of a frame's pixels the crops may cover, in
 *                    (0, 1]; the smallest faces get crops first, the others follow the motion model
 */
public record PipelineConfig(int detectEvery, int workers, int queueFrames, TrackerConfig tracker, double sceneCut,
                             boolean cameraMotion, BetweenDetections between, double roiBudget) {

    public PipelineConfig {
        if (detectEvery < 1 || workers < 1 || queueFrames < 1) {
            throw new IllegalArgumentException("detectEvery, workers and queueFrames must be at least 1");
        }
        if (!(sceneCut >= 0)) {
            throw new IllegalArgumentException("sceneCut must be at least 0, got " + sceneCut);
        }
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(between, "between");
        if (!(roiBudget > 0 && roiBudget <= 1)) {
            throw new IllegalArgumentException("roiBudget must be in (0, 1], got " + roiBudget);
        }
    }

    /** Detect every frame, one worker, 8 queued frames, default tracking, scene cuts at a change of 30 grey levels,
     * camera-motion compensation on, {@link BetweenDetections#ROI} between full detections with crops on at most
     * {@value #DEFAULT_ROI_BUDGET} of the frame. */
    public static PipelineConfig defaults() {
        return new PipelineConfig(1, 1, 8, TrackerConfig.defaults(), 30, true, BetweenDetections.ROI, DEFAULT_ROI_BUDGET);
    }

    /** Default {@link #roiBudget()}. */
    public static final double DEFAULT_ROI_BUDGET = 0.3;

    public PipelineConfig withRoiBudget(double share) {
        return new PipelineConfig(detectEvery, workers, queueFrames, tracker, sceneCut, cameraMotion, between, share);
    }

    public PipelineConfig withBetween(BetweenDetections value) {
        return new PipelineConfig(detectEvery, workers, queueFrames, tracker, sceneCut, cameraMotion, value, roiBudget);
    }

    public PipelineConfig withSceneCut(double threshold) {
        return new PipelineConfig(detectEvery, workers, queueFrames, tracker, threshold, cameraMotion, between, roiBudget);
    }

    public PipelineConfig withCameraMotion(boolean on) {
        return new PipelineConfig(detectEvery, workers, queueFrames, tracker, sceneCut, on, between, roiBudget);
    }

    public PipelineConfig withDetectEvery(int n) {
        return new PipelineConfig(n, workers, queueFrames, tracker, sceneCut, cameraMotion, between, roiBudget);
    }

    public PipelineConfig withWorkers(int n) {
        return new PipelineConfig(detectEvery, n, Math.max(queueFrames, 2 * n + 2), tracker, sceneCut, cameraMotion,
                between, roiBudget);
    }

    public PipelineConfig withTracker(TrackerConfig value) {
        return new PipelineConfig(detectEvery, workers, queueFrames, value, sceneCut, cameraMotion, between, roiBudget);
    }
}
