package dev.retinaface.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.model.nets.MobileNetV1Relu;
import dev.retinaface.model.nets.Rfb;
import dev.retinaface.model.nets.Slim;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The three face-detector-1mb models, built from their descriptions and checkpoints, run by ONNX Runtime on the
 * selfie at original size and decoded with their own anchors, against the reference implementation's detections.
 */
class FaceDetector1mbParityTest {

    /** Coordinates in the reference JSON carry 3 decimals; allow float32 drift on top. */
    private static final double COORDINATE_TOLERANCE = 0.05;
    private static final double SCORE_TOLERANCE = 1e-4;

    private static float[] input;
    private static int height;
    private static int width;

    @BeforeAll
    static void readSelfie() throws Exception {
        BufferedImage image = ImageIO.read(SharedData.resolve("images/selfie.png").toFile());
        height = image.getHeight();
        width = image.getWidth();
        input = new float[3 * height * width];
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int i = y * width + x;
                input[i] = (rgb & 0xff) - 104f;                       // B
                input[plane + i] = ((rgb >> 8) & 0xff) - 117f;        // G
                input[2 * plane + i] = ((rgb >> 16) & 0xff) - 123f;   // R
            }
        }
    }

    @Test
    void slimMatchesReference() throws Exception {
        assertMatchesReference(Slim.retinaFace(), Slim.priors(), "slim_Final.pth", "selfie.1mb-slim.json");
    }

    @Test
    void rfbMatchesReference() throws Exception {
        assertMatchesReference(Rfb.retinaFace(), Rfb.priors(), "RBF_Final.pth", "selfie.1mb-RFB.json");
    }

    @Test
    void mobileNetMatchesReference() throws Exception {
        assertMatchesReference(MobileNetV1Relu.retinaFace(), MobileNetV1Relu.priors(), "mobilenet0.25_Final.pth",
                "selfie.1mb-mobilenet0.25.json");
    }

    /** Why {@link MobileNetV1Relu} exists: the same weights under the reference LeakyReLU(0.1) give other faces. */
    @Test
    void mobileNetWithReferenceActivationsDoesNotMatch() throws Exception {
        List<MinimalDecoder.Detection> leaky = detect(MobileNetV1.retinaFace(), MobileNetV1Relu.priors(),
                "mobilenet0.25_Final.pth");
        assertNotEquals(referenceFaces("selfie.1mb-mobilenet0.25.json").size(), leaky.size());
    }

    private static void assertMatchesReference(Network network, PriorConfig priors, String weightsFile,
                                               String referenceFile) throws Exception {
        List<MinimalDecoder.Detection> detections = detect(network, priors, weightsFile);
        JsonNode faces = referenceFaces(referenceFile);
        assertEquals(faces.size(), detections.size(), network.name() + ": number of detections");
        double worstCoordinate = 0;
        double worstScore = 0;
        for (int i = 0; i < faces.size(); i++) {
            JsonNode expected = faces.get(i);
            MinimalDecoder.Detection actual = detections.get(i);
            String where = network.name() + " detection " + i;
            worstScore = Math.max(worstScore, Math.abs(expected.get("score").asDouble() - actual.score()));
            assertEquals(expected.get("score").asDouble(), actual.score(), SCORE_TOLERANCE, where + " score");
            for (int k = 0; k < 4; k++) {
                double diff = Math.abs(expected.get("box").get(k).asDouble() - actual.box()[k]);
                worstCoordinate = Math.max(worstCoordinate, diff);
                assertEquals(0, diff, COORDINATE_TOLERANCE, where + " box[" + k + "]");
            }
            for (int k = 0; k < 10; k++) {
                double diff = Math.abs(expected.get("landmarks").get(k / 2).get(k % 2).asDouble()
                        - actual.landmarks()[k]);
                worstCoordinate = Math.max(worstCoordinate, diff);
                assertEquals(0, diff, COORDINATE_TOLERANCE, where + " landmark value " + k);
            }
        }
        System.out.printf("%s: %d detections, worst coordinate difference %.4f px, worst score difference %.2g%n",
                network.name(), detections.size(), worstCoordinate, worstScore);
    }

    /** Builds the ONNX model from the checkpoint, runs it on the selfie and decodes with the given anchors. */
    private static List<MinimalDecoder.Detection> detect(Network network, PriorConfig priors, String weightsFile)
            throws Exception {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        CheckpointReader.read(SharedData.resolve("weights/face-detector-1mb/" + weightsFile)).stateDict()
                .forEach((k, v) -> weights.put(k.startsWith("module.") ? k.substring(7) : k, v));
        byte[] model = new OnnxGraphBuilder().build(network, weights);
        RawOutputs out;
        try (OnnxModelSession session = new OnnxModelSession(model, SessionConfig.defaults())) {
            out = session.run(input, 1, height, width);
        }
        return MinimalDecoder.decode(priors, out.boxes()[0], out.scores()[0], out.landmarks()[0], height, width);
    }

    private static JsonNode referenceFaces(String referenceFile) throws Exception {
        return new ObjectMapper().readTree(SharedData.resolve("reference/" + referenceFile).toFile()).get("faces");
    }
}
