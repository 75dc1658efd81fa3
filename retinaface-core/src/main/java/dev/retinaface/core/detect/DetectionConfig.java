package dev.retinaface.core.detect;

/**
 * Post-processing settings of the detector (reference {@code detect.py} arguments).
 *
 * <p>Thresholds are float32 because the reference compares float32 arrays with them.
 *
 * @param scoreThreshold faces need a probability above this, in [0, 1) (default 0.5; WIDER FACE evaluation uses 0.02)
 * @param topK           candidates kept, by score, before NMS (default 5000)
 * @param nmsThreshold   NMS drops a box whose IoU with a kept one is above this, in [0, 1] (default 0.4;
 *                       1 disables suppression since an IoU never exceeds 1)
 * @param keepTopK       faces kept after NMS (default 750)
 */
public record DetectionConfig(float scoreThreshold, int topK, float nmsThreshold, int keepTopK) {

    /** Default probability threshold (display use). */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.5f;
    /** Default number of candidates before NMS. */
    public static final int DEFAULT_TOP_K = 5000;
    /** Default NMS IoU threshold. */
    public static final float DEFAULT_NMS_THRESHOLD = 0.4f;
    /** Default number of faces after NMS. */
    public static final int DEFAULT_KEEP_TOP_K = 750;

    public DetectionConfig {
        if (!(scoreThreshold >= 0f && scoreThreshold < 1f)) {
            throw new IllegalArgumentException("scoreThreshold must be in [0, 1), got " + scoreThreshold);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
        if (!(nmsThreshold >= 0f && nmsThreshold <= 1f)) {
            throw new IllegalArgumentException("nmsThreshold must be in [0, 1], got " + nmsThreshold);
        }
        if (keepTopK < 1) {
            throw new IllegalArgumentException("keepTopK must be at least 1, got " + keepTopK);
        }
    }

    /** The defaults: 0.5, 5000, 0.4, 750. */
    public static DetectionConfig defaults() {
        return new DetectionConfig(DEFAULT_SCORE_THRESHOLD, DEFAULT_TOP_K, DEFAULT_NMS_THRESHOLD, DEFAULT_KEEP_TOP_K);
    }

    /** The reference's WIDER FACE evaluation settings (and those of {@code shared/reference/*.json}): threshold 0.02. */
    public static DetectionConfig evaluation() {
        return defaults().withScoreThreshold(0.02f);
    }

    public DetectionConfig withScoreThreshold(float value) {
        return new DetectionConfig(value, topK, nmsThreshold, keepTopK);
    }

    public DetectionConfig withTopK(int value) {
        return new DetectionConfig(scoreThreshold, value, nmsThreshold, keepTopK);
    }

    public DetectionConfig withNmsThreshold(float value) {
        return new DetectionConfig(scoreThreshold, topK, value, keepTopK);
    }

    public DetectionConfig withKeepTopK(int value) {
        return new DetectionConfig(scoreThreshold, topK, nmsThreshold, value);
    }
}
