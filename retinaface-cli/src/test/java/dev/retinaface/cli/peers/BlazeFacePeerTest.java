package dev.retinaface.cli.peers;

import dev.retinaface.core.detect.DetectionConfig;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * BlazeFace through ONNX Runtime on a real photo. Needs the npm package's ONNX files (scripts/fetch-peers.sh, in
 * $RETINAFACE_PEERS or ~/.cache/retinaface/peers) and the shared selfie; skipped without them.
 */
class BlazeFacePeerTest {

    @Test
    void backModelFindsTheSelfieFacesWhereRetinaFaceDoes() throws Exception {
        Path model = peers().resolve("package/ONNX").resolve(BlazeFace.Variant.BACK_256.fileName());
        Path selfie = SharedData.resolve("images/selfie.png");
        assumeTrue(Files.isRegularFile(model), "BlazeFace not fetched (scripts/fetch-peers.sh)");
        assumeTrue(Files.isRegularFile(selfie), "shared selfie.png not found");
        BufferedImage image = new ImageLoader().load(selfie).image();
        DetectorConfig config = DetectorConfig.defaults().withPostProcessing(
                DetectionConfig.defaults().withScoreThreshold(0.5f).withNmsThreshold(0.3f));
        try (BlazeFace detector = new BlazeFace(BlazeFace.Variant.BACK_256, model, 1, config)) {
            List<Face> faces = detector.detect(image);
            assertFalse(faces.isEmpty(), "no face found");
            for (Face f : faces) {
                // every box lies on the image and has a sensible face shape
                assertTrue(f.box().x1() > -20 && f.box().x2() < image.getWidth() + 20, f.toString());
                assertTrue(f.box().y1() > -20 && f.box().y2() < image.getHeight() + 20, f.toString());
                float aspect = f.box().width() / f.box().height();
                assertTrue(aspect > 0.6f && aspect < 1.6f, "aspect " + aspect);
            }
            // the largest BlazeFace box overlaps a RetinaFace reference face of that photo
            Face largest = faces.stream().max((a, b) -> Float.compare(a.box().width(), b.box().width())).orElseThrow();
            List<float[]> reference = referenceBoxes(SharedData.resolve("reference/selfie.mobilenet0.25.json"));
            assumeTrue(!reference.isEmpty(), "no reference faces");
            double best = 0;
            for (float[] r : reference) {
                best = Math.max(best, iou(largest, r));
            }
            assertTrue(best > 0.4, "largest BlazeFace box matches no reference face (best IoU " + best + ")");
        }
    }

    @Test
    void missingModelFileIsAPeerError() {
        PeerException e = assertThrows(PeerException.class, () -> new BlazeFace(BlazeFace.Variant.SHORT_RANGE_128,
                Path.of("no/such/model.onnx"), 1, DetectorConfig.defaults()));
        assertTrue(e.getMessage().contains("fetch-peers"), e.getMessage());
    }

    private static double iou(Face f, float[] r) {
        double ix = Math.min(f.box().x2(), r[2]) - Math.max(f.box().x1(), r[0]);
        double iy = Math.min(f.box().y2(), r[3]) - Math.max(f.box().y1(), r[1]);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        return inter / (f.box().width() * f.box().height() + (r[2] - r[0]) * (r[3] - r[1]) - inter);
    }

    static Path peers() {
        String env = System.getenv("RETINAFACE_PEERS");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "retinaface", "peers");
    }

    /** Boxes of the reference's faces with score >= 0.5. */
    private static List<float[]> referenceBoxes(Path json) throws java.io.IOException {
        List<float[]> boxes = new java.util.ArrayList<>();
        if (!Files.isRegularFile(json)) {
            return boxes;
        }
        for (com.fasterxml.jackson.databind.JsonNode face : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile()).get("faces")) {
            if (face.get("score").asDouble() >= 0.5) {
                com.fasterxml.jackson.databind.JsonNode b = face.get("box");
                boxes.add(new float[] {(float) b.get(0).asDouble(), (float) b.get(1).asDouble(),
                        (float) b.get(2).asDouble(), (float) b.get(3).asDouble()});
            }
        }
        return boxes;
    }
}
