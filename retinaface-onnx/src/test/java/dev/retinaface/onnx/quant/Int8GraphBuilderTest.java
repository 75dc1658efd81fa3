package dev.retinaface.onnx.quant;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.zoo.ModelZoo;
import dev.retinaface.onnx.graph.OnnxExportConfig;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.graph.OnnxGraphSpec;
import dev.retinaface.onnx.graph.OnnxNodeSpec;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The int8 graph of MobileNet-0.25 with seeded weights and seeded calibration inputs (no shared data needed). */
class Int8GraphBuilderTest {

    private static final Network NETWORK = ModelZoo.get("mobilenet0.25").network();
    private static final Map<String, Tensor> WEIGHTS = weights(7);

    /** Seeded smooth "images" (low-frequency patterns plus noise) of varying sizes, BGR minus mean scale. */
    static final class SyntheticImages implements CalibrationImages {
        private final long seed;
        private final int count;

        SyntheticImages(long seed, int count) {
            this.seed = seed;
            this.count = count;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public Input input(int i) {
            Random rnd = new Random(seed * 31 + i);
            int h = 48 + 16 * (i % 2);
            int w = 64;
            float[] x = new float[3 * h * w];
            double fx = rnd.nextDouble() * 0.3;
            double fy = rnd.nextDouble() * 0.3;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        x[(c * h + y) * w + xx] = (float) (80 * Math.sin(fx * xx + fy * y + c) + 10 * rnd.nextGaussian());
                    }
                }
            }
            return new Input(x, h, w);
        }

        @Override
        public String description() {
            return count + " synthetic images, seed " + seed;
        }
    }

    private static Int8GraphBuilder builder(QuantizationConfig config, long seed) {
        return new Int8GraphBuilder(config, (n, resize) -> new SyntheticImages(seed, n), null, 1);
    }

    @ParameterizedTest
    @EnumSource(CalibrationMethod.class)
    void calibrationIsDeterministicByteForByte(CalibrationMethod method) {
        QuantizationConfig config = QuantizationConfig.defaults().withMethod(method).withCalibrationImages(3);
        byte[] first = builder(config, 1).calibrate(NETWORK, WEIGHTS).toBytes();
        byte[] second = builder(config, 1).calibrate(NETWORK, WEIGHTS).toBytes();
        assertArrayEquals(first, second);
        byte[] otherImages = builder(config, 2).calibrate(NETWORK, WEIGHTS).toBytes();
        assertFalse(java.util.Arrays.equals(first, otherImages), "other images give another table");
    }

    @Test
    void quantisesEveryConvExceptTheChosenFloatLayers() {
        QuantizationConfig config = QuantizationConfig.defaults().withMethod(CalibrationMethod.MINMAX)
                .withCalibrationImages(2).withFloatLayers(true, true).withFloatConvs(Set.of());
        Int8GraphBuilder b = builder(config, 1);
        OnnxGraphSpec g = b.buildGraph(NETWORK, WEIGHTS, b.calibrate(NETWORK, WEIGHTS));
        List<OnnxNodeSpec> convs = g.nodes().stream().filter(n -> n.opType().equals("Conv")).toList();
        List<String> floats = convs.stream().filter(n -> !n.inputs().get(1).endsWith("/dequant"))
                .map(OnnxNodeSpec::name).toList();
        assertEquals(List.of("body.stage1.0/conv", "fused_heads.0", "fused_heads.1", "fused_heads.2"), floats);
        assertTrue(convs.size() > 40);
        // the float first conv reads the float image: the input is not quantised
        assertFalse(g.nodes().stream().anyMatch(n -> n.name().equals("input/quantize")));
        assertTrue(g.initializers().stream().anyMatch(i -> i.dataType() == QdqTensors.INT8));
    }

    @Test
    void int8OutputsFollowFloatAtAnySizeAndCarryMetadata() throws Exception {
        QuantizationConfig config = QuantizationConfig.defaults().withCalibrationImages(4).withFloatLayers(false, true)
                .withMethod(CalibrationMethod.ENTROPY).withFloatConvs(Set.of());
        byte[] model = builder(config, 1).build(NETWORK, WEIGHTS);
        byte[] fp32 = new OnnxGraphBuilder(OnnxExportConfig.defaults()).build(NETWORK, WEIGHTS);
        SessionConfig one = SessionConfig.defaults().withIntraOpThreads(1);
        try (OnnxModelSession q = new OnnxModelSession(model, one); OnnxModelSession f = new OnnxModelSession(fp32, one)) {
            for (int[] hw : new int[][] {{48, 64}, {72, 40}}) {
                CalibrationImages.Input in = new SyntheticImages(9, 1).input(0);
                float[] x = resize(in, hw[0], hw[1]);
                RawOutputs a = q.run(x, 1, hw[0], hw[1]);
                RawOutputs e = f.run(x, 1, hw[0], hw[1]);
                assertEquals(e.anchors(), a.anchors());
                assertNotEquals(0, relativeError(e.landmarks()[0], a.landmarks()[0]), "really quantised");
                assertTrue(relativeError(e.boxes()[0], a.boxes()[0]) < 0.6,
                        "boxes " + relativeError(e.boxes()[0], a.boxes()[0]));
                assertTrue(relativeError(e.landmarks()[0], a.landmarks()[0]) < 0.6,
                        "landmarks " + relativeError(e.landmarks()[0], a.landmarks()[0]));
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions())) {
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals("int8", meta.get(Int8GraphBuilder.METADATA_PREFIX + "precision"));
            assertEquals("heads", meta.get(Int8GraphBuilder.METADATA_PREFIX + "float_layers"));
            assertEquals("fused_heads.0,fused_heads.1,fused_heads.2",
                    meta.get(Int8GraphBuilder.METADATA_PREFIX + "float_convs"));
            assertEquals("entropy", meta.get(Int8GraphBuilder.METADATA_PREFIX + "calibration"));
        }
    }

    /** Mean |a - b| over mean |a|. */
    private static double relativeError(float[] expected, float[] actual) {
        double d = 0;
        double m = 0;
        for (int i = 0; i < expected.length; i++) {
            d += Math.abs(expected[i] - actual[i]);
            m += Math.abs(expected[i]);
        }
        return d / m;
    }

    private static float[] resize(CalibrationImages.Input in, int h, int w) {
        float[] out = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = in.nchw()[(c * in.height() + y * in.height() / h) * in.width()
                            + x * in.width() / w];
                }
            }
        }
        return out;
    }

    /** Seeded weights: convs scaled by fan-in, batch norms near identity. */
    static Map<String, Tensor> weights(long seed) {
        Random rnd = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : NETWORK.parameterShapes().entrySet()) {
            long[] shape = e.getValue();
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            float[] v = new float[n];
            double fanIn = shape.length == 4 ? shape[1] * shape[2] * shape[3] : 1;
            for (int i = 0; i < n; i++) {
                double g = rnd.nextGaussian();
                String k = e.getKey();
                v[i] = (float) (k.endsWith(".running_var") ? 0.5 + rnd.nextDouble()
                        : shape.length == 4 ? g * 1.5 / Math.sqrt(fanIn)
                        : k.endsWith(".weight") ? 1 + 0.2 * g : 0.2 * g);
            }
            w.put(e.getKey(), new Tensor(shape, v));
        }
        return w;
    }

    @Test
    void defaultsKeepStageOneFloatAndPadItsChannels() {
        QuantizationConfig config = QuantizationConfig.defaults().withMethod(CalibrationMethod.MINMAX)
                .withCalibrationImages(2);
        Int8GraphBuilder b = builder(config, 1).withChannelAlignment(16);
        OnnxGraphSpec g = b.buildGraph(NETWORK, WEIGHTS, b.calibrate(NETWORK, WEIGHTS));
        List<OnnxNodeSpec> floats = g.nodes().stream().filter(n -> n.opType().equals("Conv"))
                .filter(n -> !n.inputs().get(1).endsWith("/dequant")).toList();
        assertTrue(floats.stream().allMatch(n -> n.name().startsWith("body.stage1.") || n.name().startsWith("fused")));
        assertEquals(6 * 2 - 1 + 3, floats.size(), "stage1: a conv and five dw+pw pairs; three heads");
        // the stem's 8 channels are padded to 16 (float part only)
        assertTrue(g.initializers().stream().anyMatch(i -> i.name().equals("body.stage1.0/W")
                && i.dims()[0] == 16));
    }

    @Test
    void calibrationImagesAreOpenedAtTheDetectorsSizeWhichTheModelRecords() throws Exception {
        ResizePolicy policy = ResizePolicy.parse("short:1600:2150");
        QuantizationConfig config = QuantizationConfig.defaults().withMethod(CalibrationMethod.MINMAX)
                .withCalibrationImages(2).withCalibrationResize(policy);
        List<ResizePolicy> asked = new java.util.ArrayList<>();
        Int8GraphBuilder b = new Int8GraphBuilder(config, (n, resize) -> {
            asked.add(resize);
            return new SyntheticImages(1, n);
        }, null, 1);
        byte[] model = b.build(NETWORK, WEIGHTS);
        // opened for the ranges, then for the bias corrections (on by default), both times at the detector's size
        assertEquals(List.of(policy, policy), asked);
        assertEquals("short:1600:2150", b.calibrate(NETWORK, WEIGHTS).header().get("size"));
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions())) {
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals("short:1600:2150", meta.get(Int8GraphBuilder.METADATA_PREFIX + "calibration_size"));
            assertTrue(meta.get(Int8GraphBuilder.METADATA_PREFIX + "bias_correction").startsWith("empirical, "));
        }
        byte[] plain = new Int8GraphBuilder(config.withBiasCorrection(false), (n, resize) -> new SyntheticImages(1, n),
                null, 1).build(NETWORK, WEIGHTS);
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(plain, new OrtSession.SessionOptions())) {
            assertEquals("none", s.getMetadata().getCustomMetadata()
                    .get(Int8GraphBuilder.METADATA_PREFIX + "bias_correction"));
        }
    }

    @Test
    void incompleteCachedFilesAreMeasuredAgainNotUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        QuantizationConfig config = QuantizationConfig.defaults().withMethod(CalibrationMethod.MINMAX)
                .withCalibrationImages(2);
        CalibrationCache cache = new CalibrationCache(dir);
        int[] opened = new int[1];
        Int8GraphBuilder b = new Int8GraphBuilder(config, (n, resize) -> {
            opened[0]++;
            return new SyntheticImages(1, n);
        }, cache, 1);
        CalibrationTable table = b.calibrate(NETWORK, WEIGHTS);
        BiasCorrection bias = b.biasCorrection(NETWORK, WEIGHTS, table);
        assertEquals(2, opened[0]);
        b.calibrate(NETWORK, WEIGHTS);
        b.biasCorrection(NETWORK, WEIGHTS, table);
        assertEquals(2, opened[0], "complete cached files are used");

        String digest = dev.retinaface.model.checkpoint.TensorDigest.of(WEIGHTS);
        java.nio.file.Path tableFile = cache.fileOf(digest, config);
        java.nio.file.Path biasFile = cache.biasFileOf(digest, config);
        List<String> tableLines = java.nio.file.Files.readAllLines(tableFile);
        java.nio.file.Files.write(tableFile, tableLines.subList(0, tableLines.size() / 2)); // cut short at a line
        List<String> biasLines = java.nio.file.Files.readAllLines(biasFile);
        java.nio.file.Files.write(biasFile, biasLines.subList(0, biasLines.size() / 2));

        assertEquals(table, b.calibrate(NETWORK, WEIGHTS));
        assertEquals(bias, b.biasCorrection(NETWORK, WEIGHTS, table));
        assertEquals(4, opened[0], "both were measured again");
        assertArrayEquals(table.toBytes(), java.nio.file.Files.readAllBytes(tableFile), "and stored again");
        assertArrayEquals(bias.toBytes(), java.nio.file.Files.readAllBytes(biasFile));
    }

    @Test
    void biasCorrectionIsDeterministicAndChangesOnlyQuantisedBiases() throws Exception {
        QuantizationConfig config = QuantizationConfig.defaults().withCalibrationImages(2).withBiasCorrection(true);
        Int8GraphBuilder b = builder(config, 1);
        CalibrationTable table = b.calibrate(NETWORK, WEIGHTS);
        BiasCorrection first = b.biasCorrection(NETWORK, WEIGHTS, table);
        assertArrayEquals(first.toBytes(), builder(config, 1).biasCorrection(NETWORK, WEIGHTS, table).toBytes());
        // float convs (stage 1, heads) are not corrected; every quantised conv is
        assertTrue(first.corrections().keySet().stream().noneMatch(n -> n.startsWith("body.stage1.")
                || n.startsWith("fused_heads")), first.corrections().keySet().toString());
        assertTrue(first.corrections().size() > 30);
        byte[] model = b.build(NETWORK, WEIGHTS, table);
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions())) {
            assertEquals("empirical, " + first.corrections().size() + " convs",
                    s.getMetadata().getCustomMetadata().get(Int8GraphBuilder.METADATA_PREFIX + "bias_correction"));
        }
        assertFalse(java.util.Arrays.equals(model, builder(config.withBiasCorrection(false), 1)
                .build(NETWORK, WEIGHTS, table)), "the corrected graph differs");
    }

    @Test
    void unknownFloatConvNamesAreHarmlessAndSymmetricSchemeBuilds() {
        QuantizationConfig config = QuantizationConfig.defaults().withMethod(CalibrationMethod.MINMAX)
                .withCalibrationImages(2).withScheme(ActivationScheme.INT8_SYMMETRIC)
                .withFloatConvs(Set.of("body.stage1.1.dw/conv"));
        byte[] model = builder(config, 1).build(NETWORK, WEIGHTS);
        try (OnnxModelSession s = new OnnxModelSession(model, SessionConfig.defaults().withIntraOpThreads(1))) {
            assertTrue(s.run(new float[3 * 32 * 32], 1, 32, 32).anchors() > 0);
        }
    }
}
