package dev.retinaface;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.core.testsupport.FaceAssertions;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.onnx.quant.FolderCalibrationImages;
import dev.retinaface.onnx.quant.Precision;
import dev.retinaface.onnx.quant.QuantizationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The int8 detector (default quantisation settings, calibrated on 16 shared training images into a temporary cache)
 * on the selfie, as issue #11 asks: every reference face with score >= 0.5 has an int8 face with score >= 0.5 at
 * IoU >= 0.8. (Before bias correction and the 99.999 percentile one face the reference scores 0.556 got 0.498.)
 */
class Int8SelfieParityTest {

    @TempDir
    Path home;

    @Test
    void findsEveryConfidentReferenceFace() throws Exception {
        Path image = SharedData.resolve("images/selfie.png");
        Path weights = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        Path train = SharedData.resolve("widerface/WIDER_train/images");
        List<Face> expected = FaceAssertions.referenceFaces("selfie.mobilenet0.25.json").stream()
                .filter(f -> f.score() >= 0.5f).toList();
        String before = System.getProperty("retinaface.home");
        System.setProperty("retinaface.home", home.toString());
        System.setProperty(FolderCalibrationImages.FOLDER_PROPERTY, train.toString());
        try (FaceModel model = FaceModel.load(ModelSource.file("mobilenet0.25", weights), RuntimeConfig.defaults()
                .withPrecision(Precision.INT8).withQuantization(QuantizationConfig.defaults().withCalibrationImages(16)))) {
            List<Face> faces = model.detector(DetectorConfig.defaults().withMinScore(0.5f)).detect(image);
            int missing = 0;
            double worst = 1;
            for (Face ref : expected) {
                double best = faces.stream().filter(f -> f.score() >= 0.5f)
                        .mapToDouble(f -> iou(ref.box(), f.box())).max().orElse(0);
                worst = Math.min(worst, best);
                if (best < 0.8) {
                    missing++;
                }
            }
            System.out.printf("int8 selfie: %d reference faces >= 0.5, %d int8 faces >= 0.5, worst best-IoU %.3f%n",
                    expected.size(), faces.stream().filter(f -> f.score() >= 0.5f).count(), worst);
            assertTrue(expected.size() > 10);
            assertTrue(missing == 0, missing + " reference faces without an int8 face at IoU >= 0.8 (worst " + worst + ")");
        } finally {
            System.clearProperty(FolderCalibrationImages.FOLDER_PROPERTY);
            if (before == null) {
                System.clearProperty("retinaface.home");
            } else {
                System.setProperty("retinaface.home", before);
            }
        }
    }

    private static double iou(Box a, Box b) {
        double w = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        double h = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (a.width() * a.height() + b.width() * b.height() - inter);
    }
}
