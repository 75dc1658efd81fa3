package dev.retinaface.onnx.resnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Checkpoint;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.CheckpointWriter;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.checkpoint.WeightCheck;
import dev.retinaface.model.nets.ResNet50;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our ResNet-50 RetinaFace graph against the reference's raw outputs for the synthetic weights of
 * {@code ../shared/reference/resnet50_synthetic} (no real ResNet-50 checkpoint is available): every case of its
 * JSON, {@code loc}, {@code conf} and {@code landms} within 1e-4. The same weights survive the checkpoint writer and
 * reader unchanged.
 */
class ResNet50ParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final String FOLDER = "reference/resnet50_synthetic";

    private static Path folder;
    private static JsonNode manifest;
    private static Map<String, Tensor> weights;

    @TempDir
    Path tmp;

    @BeforeAll
    static void rebuildWeights() throws IOException {
        folder = SharedData.resolve(FOLDER);
        manifest = new ObjectMapper().readTree(folder.resolve("resnet50_synthetic.json").toFile());
        List<SyntheticResNet50Weights.Entry> entries = new ArrayList<>();
        for (JsonNode e : manifest.get("state_dict")) {
            long[] shape = new long[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.get("shape").get(i).asLong();
            }
            entries.add(new SyntheticResNet50Weights.Entry(e.get("key").asText(), shape,
                    e.hasNonNull("rule") ? e.get("rule").asText() : null));
        }
        weights = SyntheticResNet50Weights.build(entries);
    }

    @Test
    void theRebuiltWeightsFitOurResNet50Exactly() {
        WeightCheck check = WeightCheck.of(ResNet50.retinaFace(), weights);
        assertTrue(check.matches(), check.describe());
    }

    @Test
    void everyCaseMatchesTheReferenceOutputs() throws IOException {
        Network net = ResNet50.retinaFace();
        byte[] graph = new OnnxGraphBuilder().build(net, weights);
        JsonNode cases = manifest.get("cases");
        assertFalse(cases.isEmpty(), "no cases listed");
        try (OnnxModelSession session = new OnnxModelSession(graph, SessionConfig.defaults())) {
            for (JsonNode c : cases) {
                String image = c.get("image").asText();
                BufferedImage bgr = BgrImages.toBgr(ImageIO.read(folder.resolve(image).toFile()));
                RawOutputs out = session.run(ImageTensors.toNchw(bgr), 1, bgr.getHeight(), bgr.getWidth());
                JsonNode outputs = c.get("outputs");
                double loc = compare(outputs.get("loc"), out.boxes()[0], image + " loc");
                double conf = compare(outputs.get("conf"), out.scores()[0], image + " conf");
                double landms = compare(outputs.get("landms"), out.landmarks()[0], image + " landms");
                System.out.printf(Locale.ROOT, "ResNet-50 synthetic %s (%dx%d, %d anchors): max |diff| loc %.2e, "
                        + "conf %.2e, landms %.2e%n", image, bgr.getWidth(), bgr.getHeight(), out.anchors(), loc, conf, landms);
                assertTrue(loc <= TOLERANCE && conf <= TOLERANCE && landms <= TOLERANCE,
                        image + ": max differences loc " + loc + ", conf " + conf + ", landms " + landms);
            }
        }
    }

    @Test
    void theWeightsSurviveTheCheckpointWriterAndReader() throws IOException {
        Path file = tmp.resolve("resnet50_synthetic.pth");
        CheckpointWriter.write(file, weights);

        Checkpoint back = CheckpointReader.read(file);

        assertEquals(new ArrayList<>(weights.keySet()), new ArrayList<>(back.stateDict().keySet()));
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            Tensor read = back.stateDict().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), read.shape(), e.getKey());
            assertArrayEquals(e.getValue().data(), read.data(), 0f, e.getKey());
        }
    }

    /** Max absolute difference between the reference file of {@code spec} and {@code actual}. */
    private static double compare(JsonNode spec, float[] actual, String what) throws IOException {
        long expectedCount = 1;
        for (JsonNode d : spec.get("shape")) {
            expectedCount *= d.asLong();
        }
        float[] expected = readFloats(folder.resolve(spec.get("file").asText()));
        assertEquals(expectedCount, expected.length, what + " reference size");
        assertEquals(expected.length, actual.length, what + " length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(v);
        return v;
    }
}
