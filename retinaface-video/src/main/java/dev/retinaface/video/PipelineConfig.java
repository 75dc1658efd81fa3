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
 */
public record PipelineConfig(int detectEvery, int workers, int queueFrames, TrackerConfig tracker, double sceneCut,
                             boolean cameraMotion) {

    public PipelineConfig {
        if (detectEvery < 1 || workers < 1 || queueFrames < 1) {
            throw new IllegalArgumentException("detectEvery, workers and queueFrames must be at least 1");
        }
        Objects.requireNonNull(tracker, "tracker");
    }

    /** Detect every frame, one worker, 8 queued frames, default tracking, scene cuts at a change of 30 grey levels,
     * camera-motion compensation on. */
    public static PipelineConfig defaults() {
        return new PipelineConfig(1, 1, 8, TrackerConfig.defaults(), 30, true);
    }

    public PipelineConfig withSceneCut(double threshold) {
        return new PipelineConfig(detectEvery, workers, queueFrames, tracker, threshold, cameraMotion);
    }

    public PipelineConfig withCameraMotion(boolean on) {
        return new PipelineConfig(detectEvery, workers, queueFrames, tracker, sceneCut, on);
    }

    public PipelineConfig withDetectEvery(int n) {
        return new PipelineConfig(n, workers, queueFrames, tracker, sceneCut, cameraMotion);
    }

    public PipelineConfig withWorkers(int n) {
        return new PipelineConfig(detectEvery, n, Math.max(queueFrames, 2 * n + 2), tracker, sceneCut, cameraMotion);
    }

    public PipelineConfig withTracker(TrackerConfig value) {
        return new PipelineConfig(detectEvery, workers, queueFrames, value, sceneCut, cameraMotion);
    }
}
