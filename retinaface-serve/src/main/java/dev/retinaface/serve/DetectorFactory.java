package dev.retinaface.serve;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;

/** A loaded model as the service sees it: hands out detectors for per-request settings ({@code FaceModel::detector}). */
@FunctionalInterface
public interface DetectorFactory {

    /** A cheap, thread-safe detector with these settings. */
    FaceDetector detector(DetectorConfig config);
}
