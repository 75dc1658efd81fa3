package dev.retinaface.onnx.runtime;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our graph, built from {@code mobilenet0.25_Final.pth}, against the PyTorch export of the same network
 * ({@code reference/mobilenet0.25_torch_export.onnx}: input {@code input} [1, 3, h, w], outputs {@code loc},
 * {@code conf} (softmax probabilities), {@code landms}), both run by ONNX Runtime on the same input.
 */
class TorchExportParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final float[] MEAN_BGR = {104, 117, 123};

    private static OnnxModelSession ours;
    private static OnnxModelSession torch;
    private static BufferedImage selfie;

    @BeforeAll
    static void load() throws IOException {
        Path weights = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        Path export = SharedData.resolve("reference/mobilenet0.25_torch_export.onnx");
        selfie = ImageIO.read(SharedData.resolve("images/selfie.png").toFile());
        SessionConfig config = SessionConfig.defaults();
        ours = new OnnxModelSession(new OnnxGraphBuilder().build(MobileNetV1.retinaFace(),
                CheckpointReader.read(weights).stateDict()), config);
        torch = new OnnxModelSession(Files.readAllBytes(export), config);
    }

    @AfterAll
    static void close() {
        if (ours != null) {
            ours.close();
        }
        if (torch != null) {
            torch.close();
        }
    }

    /** BGR minus the reference mean, NCHW, of the h x w region at (x0, y0). */
    static float[] bgrMinusMean(BufferedImage img, int x0, int y0, int h, int w) {
        float[] out = new float[3 * h * w];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x0 + x, y0 + y);
                int i = y * w + x;
                out[i] = (rgb & 0xff) - MEAN_BGR[0];
                out[plane + i] = ((rgb >> 8) & 0xff) - MEAN_BGR[1];
                out[2 * plane + i] = ((rgb >> 16) & 0xff) - MEAN_BGR[2];
            }
        }
        return out;
    }

    @Test
    void wholeSelfieMatches() {
        int h = selfie.getHeight();
        int w = selfie.getWidth();
        float[] x = bgrMinusMean(selfie, 0, 0, h, w);
        assertSame("selfie " + w + "x" + h, torch.run(x, 1, h, w), 0, ours.run(x, 1, h, w), 0);
    }

    @Test
    void oddSizeWithNonDoublingUpsampleMatches() {
        // 333x517: stride-8/16/32 maps of 42x65, 21x33, 11x17, so the 11->21 and 17->33 resizes are not 2x
        float[] x = bgrMinusMean(selfie, 101, 57, 333, 517);
        assertSame("crop 517x333", torch.run(x, 1, 333, 517), 0, ours.run(x, 1, 333, 517), 0);
    }

    @Test
    void batchOfTwoMatchesTwoSingleRuns() {
        int h = 300;
        int w = 401;
        float[] a = bgrMinusMean(selfie, 0, 0, h, w);
        float[] b = bgrMinusMean(selfie, 600, 300, h, w);
        float[] both = new float[a.length * 2];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        RawOutputs batch = ours.run(both, 2, h, w);   // the torch export takes batch 1 only
        assertSame("batch item 0", torch.run(a, 1, h, w), 0, batch, 0);
        assertSame("batch item 1", torch.run(b, 1, h, w), 0, batch, 1);
    }

    private static void assertSame(String what, RawOutputs expected, int e, RawOutputs actual, int a) {
        assertEquals(expected.anchors(), actual.anchors(), what + " anchors");
        double boxes = maxDiff(expected.boxes()[e], actual.boxes()[a]);
        double scores = maxDiff(expected.scores()[e], actual.scores()[a]);
        double marks = maxDiff(expected.landmarks()[e], actual.landmarks()[a]);
        System.out.printf("%s: %d anchors, max |diff| boxes %.3g scores %.3g landmarks %.3g%n",
                what, actual.anchors(), boxes, scores, marks);
        assertTrue(boxes <= TOLERANCE, what + " boxes differ by " + boxes);
        assertTrue(scores <= TOLERANCE, what + " scores differ by " + scores);
        assertTrue(marks <= TOLERANCE, what + " landmarks differ by " + marks);
    }

    private static double maxDiff(float[] x, float[] y) {
        assertEquals(x.length, y.length);
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }
}
