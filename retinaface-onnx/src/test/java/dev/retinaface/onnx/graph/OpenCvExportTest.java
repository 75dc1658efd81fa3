package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.zoo.ModelSpec;
import dev.retinaface.model.zoo.ModelZoo;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvException;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The static export ({@code --input-size}) runs in OpenCV DNN 4.9 with the outputs of ONNX Runtime, and the dynamic
 * export does not load there (what the README says about other runtimes).
 */
class OpenCvExportTest {

    private static final double TOLERANCE = 1e-4;
    private static final SessionConfig ONE_THREAD = SessionConfig.defaults().withIntraOpThreads(1);

    /** The default model's real (shipped) weights on an image-like input, at a pyramid-friendly and an odd size. */
    @Test
    void staticExportOfTheDefaultModelGivesOnnxRuntimesOutputsInOpenCv() throws IOException {
        ModelSpec spec = ModelZoo.get(ModelZoo.DEFAULT_MODEL);
        Map<String, Tensor> weights = ModelZoo.loadWeights(spec, null);
        for (InputSize size : new InputSize[] {new InputSize(320, 256), new InputSize(301, 203)}) {
            float[] image = imageLike(size, 5);
            byte[] model = build(spec.network(), weights, size);
            RawOutputs ort = onnxRuntime(model, image, size);
            RawOutputs cv = OpenCvDnn.run(model, image, 3, size.height(), size.width());
            assertSame(ort, cv, TOLERANCE, "mobilenet0.25 at " + size);
        }
    }

    /** Every named model's architecture (random weights, so the tolerance is relative to the output's range). */
    @Test
    void staticExportOfEveryNamedArchitectureRunsInOpenCv() {
        InputSize size = new InputSize(150, 110);
        for (ModelSpec spec : ModelZoo.all()) {
            Network net = spec.network();
            byte[] model = build(net, RandomWeights.forNetwork(net, 3), size);
            float[] image = RandomWeights.image(new Random(9), 1, 3, size.height(), size.width());
            RawOutputs ort = onnxRuntime(model, image, size);
            RawOutputs cv = OpenCvDnn.run(model, image, 3, size.height(), size.width());
            double range = Math.max(1, Math.max(maxAbs(ort.boxes()[0]), maxAbs(ort.landmarks()[0])));
            assertSame(ort, cv, TOLERANCE * range, spec.name() + " at " + size + " (outputs up to " + (float) range + ")");
        }
    }

    @Test
    void theDynamicExportDoesNotLoadInOpenCv49() {
        ModelSpec spec = ModelZoo.get(ModelZoo.DEFAULT_MODEL);
        Network net = spec.network();
        byte[] dynamic = new OnnxGraphBuilder().build(net, RandomWeights.forNetwork(net, 3));
        InputSize size = new InputSize(64, 64);

        CvException e = assertThrows(CvException.class,
                () -> OpenCvDnn.run(dynamic, imageLike(size, 1), 3, size.height(), size.width()));

        assertTrue(OpenCvDnn.version().startsWith("4.9"), OpenCvDnn.version());
        assertTrue(e.getMessage().contains("Shape"), e.getMessage());
    }

    private static byte[] build(Network net, Map<String, Tensor> weights, InputSize size) {
        return new OnnxGraphBuilder(OnnxExportConfig.defaults().withInputSize(size)).build(net, weights);
    }

    private static RawOutputs onnxRuntime(byte[] model, float[] image, InputSize size) {
        try (OnnxModelSession session = new OnnxModelSession(model, ONE_THREAD)) {
            return session.run(image, 1, size.height(), size.width());
        }
    }

    /** BGR minus the reference mean, as the detector feeds the network: smooth shapes plus pixel noise. */
    private static float[] imageLike(InputSize size, long seed) {
        Random rnd = new Random(seed);
        int h = size.height();
        int w = size.width();
        float[] mean = {104, 117, 123};
        float[] x = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < w; i++) {
                    double v = 128 + 90 * Math.sin(i * 0.07 + c) * Math.cos(y * 0.05) + 20 * rnd.nextGaussian();
                    x[(c * h + y) * w + i] = (float) (Math.max(0, Math.min(255, v)) - mean[c]);
                }
            }
        }
        return x;
    }

    private static void assertSame(RawOutputs expected, RawOutputs actual, double tolerance, String what) {
        assertEquals(expected.anchors(), actual.anchors(), what + " anchors");
        double boxes = maxDiff(expected.boxes()[0], actual.boxes()[0]);
        double scores = maxDiff(expected.scores()[0], actual.scores()[0]);
        double marks = maxDiff(expected.landmarks()[0], actual.landmarks()[0]);
        System.out.printf(Locale.ROOT, "OpenCV %s vs ONNX Runtime, %s: max |diff| boxes %.2e, scores %.2e, landmarks %.2e%n",
                OpenCvDnn.version(), what, boxes, scores, marks);
        assertTrue(boxes <= tolerance && scores <= tolerance && marks <= tolerance,
                what + ": max differences " + boxes + ", " + scores + ", " + marks + " over " + tolerance);
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
