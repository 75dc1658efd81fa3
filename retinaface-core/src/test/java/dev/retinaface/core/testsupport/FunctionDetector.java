package dev.retinaface.core.testsupport;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.Function;

/** A stand-in {@link FaceDetector} whose faces a function computes from the image, for tests without a model. */
public record FunctionDetector(DetectorConfig config, Function<BufferedImage, List<Face>> faces) implements FaceDetector {

    /** A stand-in with the default settings. */
    public static FunctionDetector of(Function<BufferedImage, List<Face>> faces) {
        return new FunctionDetector(DetectorConfig.defaults(), faces);
    }

    @Override
    public List<Face> detect(BufferedImage image) {
        return faces.apply(image);
    }
}
