package dev.retinaface.spark;

import java.util.List;

/**
 * Batched detection on the JVM's shared model ({@link ExecutorModels}), for Spark tasks outside this package (the
 * Spark ML transformer): one {@code detectAll} call per batch, unreadable images as failed results.
 */
public final class BatchDetection {

    private final BatchDetector detector;

    private BatchDetection(BatchDetector detector) {
        this.detector = detector;
    }

    /** Batched detection with these settings on the JVM's shared model (loaded on first use). */
    public static BatchDetection of(DetectionSettings settings) {
        return new BatchDetection(new BatchDetector(ExecutorModels.detector(settings)));
    }

    /** Results in input order; {@code names} only name the images in error messages. */
    public List<ImageResult> detect(List<String> names, List<byte[]> contents) {
        return detector.detect(names, contents);
    }
}
