package dev.retinaface.onnx.quant;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.retinaface.onnx.graph.OnnxAttribute;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.graph.OnnxGraphSpec;
import dev.retinaface.onnx.graph.OnnxInitializer;
import dev.retinaface.onnx.graph.OnnxNodeSpec;
import dev.retinaface.onnx.graph.OnnxProtoEncoder;
import dev.retinaface.onnx.graph.OnnxValueInfo;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bias correction on a two-conv graph whose weights round with a known bias. */
class BiasCorrectionTest {

    private static final int H = 12;
    private static final int W = 16;

    /** Seeded positive images (so weights rounded towards zero shift every output the same way). */
    private static final class PositiveImages implements CalibrationImages {
        private final int count;

        PositiveImages(int count) {
            this.count = count;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public Input input(int i) {
            Random rnd = new Random(100 + i);
            float[] x = new float[3 * H * W];
            for (int k = 0; k < x.length; k++) {
                x[k] = 20 + 80 * rnd.nextFloat();
            }
            return new Input(x, H, W);
        }

        @Override
        public String description() {
            return count + " positive images";
        }
    }

    /**
     * input -> conv1 (3x3, 3 -> 4) -> LeakyRelu -> conv2 (1x1, 4 -> 2) -> out. In every output channel one weight is
     * large and the others are small enough to round to zero at the channel's int8 scale: a systematic error.
     */
    static OnnxGraphSpec graph() {
        float[] w1 = new float[4 * 3 * 3 * 3];
        java.util.Arrays.fill(w1, 0.003f);
        for (int o = 0; o < 4; o++) {
            w1[o * 27 + 4 + o] = 1f;
        }
        float[] w2 = new float[2 * 4];
        java.util.Arrays.fill(w2, 0.002f);
        w2[0] = 1f;
        w2[4 + 3] = -1f;
        List<OnnxAttribute> conv3 = List.of(OnnxAttribute.ints("kernel_shape", 3, 3),
                OnnxAttribute.ints("pads", 1, 1, 1, 1));
        List<OnnxNodeSpec> nodes = List.of(
                new OnnxNodeSpec("Conv", "conv1", List.of("input", "w1", "b1"), List.of("c1"), conv3),
                new OnnxNodeSpec("LeakyRelu", "act1", List.of("c1"), List.of("a1"),
                        List.of(OnnxAttribute.of("alpha", 0.1f))),
                new OnnxNodeSpec("Conv", "conv2", List.of("a1", "w2", "b2"), List.of("out"),
                        List.of(OnnxAttribute.ints("kernel_shape", 1, 1))));
        List<OnnxInitializer> inits = List.of(
                OnnxInitializer.floats("w1", new long[] {4, 3, 3, 3}, w1),
                OnnxInitializer.floats("b1", new long[] {4}, new float[] {-30, 1, 2, -3}),
                OnnxInitializer.floats("w2", new long[] {2, 4, 1, 1}, w2),
                OnnxInitializer.floats("b2", new long[] {2}, new float[] {0.5f, -0.5f}));
        return new OnnxGraphSpec("tiny", nodes, inits, List.of(fourD("input", 3)), List.of(fourD("out", 2)));
    }

    private static OnnxValueInfo fourD(String name, int channels) {
        return new OnnxValueInfo(name, OnnxInitializer.FLOAT, List.of(OnnxValueInfo.Dim.named("N"),
                OnnxValueInfo.Dim.of(channels), OnnxValueInfo.Dim.named("H"), OnnxValueInfo.Dim.named("W")));
    }

    private static final QuantizationConfig ALL_INT8 = QuantizationConfig.defaults().withFloatLayers(false, false)
            .withFloatConvs(Set.of()).withMethod(CalibrationMethod.MINMAX);

    @Test
    void correctedBiasesRemoveTheMeanOutputErrorPerChannel() throws Exception {
        OnnxGraphSpec graph = graph();
        PositiveImages images = new PositiveImages(6);
        QdqPlan plan = QdqPlan.of(graph, ALL_INT8, true);
        CalibrationTable table = new CalibrationTable(Map.of(), new ActivationCalibrator(1).calibrate(graph,
                List.copyOf(plan.tensors()), images, CalibrationMethod.MINMAX, 99.99));
        BiasCorrection correction = BiasCorrection.measure(graph, plan, table, ActivationScheme.UINT8_ASYMMETRIC,
                images, 1);
        assertEquals(Set.of("conv1", "conv2"), correction.corrections().keySet());

        OnnxGraphSpec plain = QdqRewriter.rewrite(graph, plan, table, ActivationScheme.UINT8_ASYMMETRIC);
        OnnxGraphSpec corrected = QdqRewriter.rewrite(correction.apply(graph), plan, table,
                ActivationScheme.UINT8_ASYMMETRIC);
        double[] before = meanError(plain, graph, images);
        double[] after = meanError(corrected, graph, images);
        double maxBefore = Math.max(Math.abs(before[0]), Math.abs(before[1]));
        double maxAfter = Math.max(Math.abs(after[0]), Math.abs(after[1]));
        // small weights of 0.003 round to 0: about -0.003 x 26 x 60 per conv1 output, carried into conv2
        assertTrue(maxBefore > 1, "the example has a systematic error: " + maxBefore);
        assertTrue(maxAfter < 0.1 * maxBefore, "error per channel " + maxBefore + " -> " + maxAfter);
        // the correction is the float conv's own error: conv1's small weights were rounded down
        for (float d : correction.corrections().get("conv1")) {
            assertTrue(d < -1, "conv1 correction " + d);
        }
    }

    @Test
    void measurementIsDeterministicAndRoundTripsAsText() {
        OnnxGraphSpec graph = graph();
        PositiveImages images = new PositiveImages(3);
        QdqPlan plan = QdqPlan.of(graph, ALL_INT8, true);
        CalibrationTable table = new CalibrationTable(Map.of(), new ActivationCalibrator(1).calibrate(graph,
                List.copyOf(plan.tensors()), images, CalibrationMethod.MINMAX, 99.99));
        BiasCorrection a = BiasCorrection.measure(graph, plan, table, ActivationScheme.UINT8_ASYMMETRIC, images, 1);
        BiasCorrection b = BiasCorrection.measure(graph, plan, table, ActivationScheme.UINT8_ASYMMETRIC, images, 2);
        assertArrayEquals(a.toBytes(), b.toBytes());
        assertEquals(a, BiasCorrection.parse(a.toBytes()));
        assertArrayEquals(a.toBytes(), BiasCorrection.parse(a.toBytes()).toBytes());
    }

    /** Per output channel, the mean over the images of {@code quantised out - float out}. */
    private static double[] meanError(OnnxGraphSpec quantized, OnnxGraphSpec fp32, CalibrationImages images)
            throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double[] sum = new double[2];
        try (OrtSession q = env.createSession(encode(quantized), new OrtSession.SessionOptions());
             OrtSession f = env.createSession(encode(fp32), new OrtSession.SessionOptions())) {
            for (int i = 0; i < images.size(); i++) {
                CalibrationImages.Input in = images.input(i);
                float[] a = run(env, q, in);
                float[] e = run(env, f, in);
                for (int k = 0; k < a.length; k++) {
                    sum[k / (H * W)] += a[k] - e[k];
                }
            }
        }
        for (int c = 0; c < 2; c++) {
            sum[c] /= (double) images.size() * H * W;
        }
        return sum;
    }

    private static byte[] encode(OnnxGraphSpec g) {
        return OnnxProtoEncoder.encodeModel(g, OnnxGraphBuilder.IR_VERSION, OnnxGraphBuilder.OPSET, "test", "1");
    }

    private static float[] run(OrtEnvironment env, OrtSession s, CalibrationImages.Input in) throws Exception {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.nchw()), new long[] {1, 3, H, W});
             OrtSession.Result r = s.run(Map.of("input", x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] v = new float[out.remaining()];
            out.get(v);
            return v;
        }
    }
}
