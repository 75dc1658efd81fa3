package dev.retinaface;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.testsupport.FaceAssertions;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.zoo.ModelSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

/**
 * The public {@link FaceModel} / {@link dev.retinaface.core.detect.FaceDetector} API on the selfie (PNG, original size, score > 0.02) against the reference
 * implementation's detections, for the reference model and the three face-detector-1mb models, each with
 * its own anchors: same faces in the same order, coordinates within 0.05 px, scores within 1e-4.
 */
class FaceDetectorParityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "mobilenet0.25,     mobilenet0.25_Final.pth,                   selfie.mobilenet0.25.json",
            "1mb-mobilenet0.25, face-detector-1mb/mobilenet0.25_Final.pth, selfie.1mb-mobilenet0.25.json",
            "1mb-slim,          face-detector-1mb/slim_Final.pth,          selfie.1mb-slim.json",
            "1mb-rfb,           face-detector-1mb/RBF_Final.pth,           selfie.1mb-RFB.json"})
    void matchesReferenceDetections(String model, String weights, String reference) throws Exception {
        Path image = SharedData.resolve("images/selfie.png");
        List<Face> expected = FaceAssertions.referenceFaces(reference);
        try (FaceModel loaded = FaceModel.load(ModelSource.file(model, SharedData.resolve("weights/" + weights)))) {
            List<Face> faces = loaded.detector(DetectorConfig.defaults().withMinScore(0.02f)).detect(image);
            FaceAssertions.Differences d = FaceAssertions.assertMatchesReference(expected, faces, model);
            System.out.printf("%s: %d faces, %s%n", model, faces.size(), d);
        }
    }
}
