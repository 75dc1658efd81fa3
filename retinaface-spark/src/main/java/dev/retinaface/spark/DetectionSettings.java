package dev.retinaface.spark;

import dev.retinaface.core.detect.DetectionConfig;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.image.ImageLoadConfig;
import dev.retinaface.core.tta.TtaConfig;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the executors need to build their detector, as plain serialisable values: the model, where its weights come
 * from, the detector settings of {@code retinaface detect} and the executor-side run settings.
 *
 * @param modelName    the model's name in the zoo (e.g. {@code mobilenet0.25})
 * @param weightsUri   a weights file ({@code .pth}) distributed with the job, or null for the model's own weights
 *                     (embedded in the jar or found by the weights registry)
 * @param minScore     lowest face score kept
 * @param nms          NMS IoU threshold
 * @param resize       resize policy as {@code detect --resize} takes it ({@code original}, {@code short:S:L}, ...)
 * @param maxPixels    images with more pixels become error rows
 * @param threads      ONNX Runtime threads of the one model of an executor JVM (shared by its concurrent tasks)
 * @param batchSize    images handed to {@code detectAll} at once
 */
public record DetectionSettings(String modelName, String weightsUri, float minScore, float nms, String resize,
                                long maxPixels, int threads, int batchSize) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks the values (and that the resize policy parses) on the driver, before any task runs. */
    public DetectionSettings {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(resize, "resize");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("max pixels must be >= 1, got " + maxPixels);
        }
        ResizePolicy.parse(resize);
    }

    /** The defaults of {@code retinaface detect}: mobilenet0.25, score 0.5, NMS 0.4, original size. */
    public static DetectionSettings defaults() {
        return new DetectionSettings("mobilenet0.25", null, 0.5f, 0.4f, "original",
                ImageLoadConfig.defaults().maxPixels(), 0, 8);
    }

    public DetectionSettings withModel(String name, String weights) {
        return new DetectionSettings(name, weights, minScore, nms, resize, maxPixels, threads, batchSize);
    }

    public DetectionSettings withMinScore(float value) {
        return new DetectionSettings(modelName, weightsUri, value, nms, resize, maxPixels, threads, batchSize);
    }

    public DetectionSettings withNms(float value) {
        return new DetectionSettings(modelName, weightsUri, minScore, value, resize, maxPixels, threads, batchSize);
    }

    public DetectionSettings withResize(String value) {
        return new DetectionSettings(modelName, weightsUri, minScore, nms, value, maxPixels, threads, batchSize);
    }

    public DetectionSettings withMaxPixels(long value) {
        return new DetectionSettings(modelName, weightsUri, minScore, nms, resize, value, threads, batchSize);
    }

    public DetectionSettings withThreads(int value) {
        return new DetectionSettings(modelName, weightsUri, minScore, nms, resize, maxPixels, value, batchSize);
    }

    public DetectionSettings withBatchSize(int value) {
        return new DetectionSettings(modelName, weightsUri, minScore, nms, resize, maxPixels, threads, value);
    }

    /** The detector settings, exactly as {@code retinaface detect} builds them from the same options. */
    public DetectorConfig detectorConfig() {
        return new DetectorConfig(DetectionConfig.defaults().withScoreThreshold(minScore).withNmsThreshold(nms),
                ResizePolicy.parse(resize), TtaConfig.preset("none"),
                ImageLoadConfig.defaults().withMaxPixels(maxPixels));
    }

    /** Identifies the loaded model an executor JVM shares: name, weights and threads (not the thresholds). */
    String modelKey() {
        return modelName + "|" + (weightsUri == null ? "" : weightsUri) + "|" + threads;
    }
}
