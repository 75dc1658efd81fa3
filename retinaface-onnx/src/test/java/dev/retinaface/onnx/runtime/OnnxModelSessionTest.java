package dev.retinaface.onnx.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxModelSessionTest {

    private static byte[] mobileNetModel() {
        Network net = MobileNetV1.retinaFace();
        Random rnd = new Random(5);
        Map<String, Tensor> weights = new TreeMap<>();
        net.parameterShapes().forEach((key, shape) -> {
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = key.endsWith("running_var") ? 1 : (float) (rnd.nextGaussian() * 0.1);
            }
            weights.put(key, new Tensor(shape, v));
        });
        return new OnnxGraphBuilder().build(net, weights);
    }

    private static float[] input(int n, int h, int w) {
        Random rnd = new Random(n * 1000L + h * 10L + w);
        float[] x = new float[n * 3 * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian() * 50;
        }
        return x;
    }

    @Test
    void declaresSymbolicBatchAndSizeAndNamedOutputs() throws Exception {
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(mobileNetModel())) {
            TensorInfo in = (TensorInfo) s.getInputInfo().get("input").getInfo();
            assertArrayEquals(new long[] {-1, 3, -1, -1}, in.getShape());
            assertEquals(List.of("N", "", "H", "W"), List.of(in.getDimensionNames()));
            assertEquals(List.of("boxes", "scores", "landmarks"), new ArrayList<>(s.getOutputNames()));
        }
    }

    @Test
    void outputsWrittenIntoPooledBuffersEqualTheCopiedOnesAndAreReused() {
        try (OnnxModelSession s = new OnnxModelSession(mobileNetModel(), SessionConfig.defaults())) {
            int anchors = 2 * (96 + 24 + 6);
            float[] x = input(2, 64, 96);
            RawOutputs copied = s.run(x, 2, 64, 96);
            DirectBufferPool pool = new DirectBufferPool(3);
            java.nio.FloatBuffer in = java.nio.ByteBuffer.allocateDirect(x.length * 4)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(x).flip();
            java.nio.FloatBuffer firstBoxes;
            try (NetworkOutputs out = s.runInto(in, 2, 64, 96, anchors, pool)) {
                assertEquals(2, out.batchSize());
                assertEquals(anchors, out.anchors());
                assertEquals(0, pool.idleCount());
                for (int b = 0; b < 2; b++) {
                    assertArrayEquals(copied.boxes()[b], out.toRawOutputs().boxes()[b], 0f, "boxes " + b);
                    assertArrayEquals(copied.scores()[b], out.toRawOutputs().scores()[b], 0f, "scores " + b);
                    assertArrayEquals(copied.landmarks()[b], out.toRawOutputs().landmarks()[b], 0f, "marks " + b);
                }
                firstBoxes = out.boxes(0);
                assertEquals(anchors * 4, firstBoxes.limit());
            }
            assertEquals(3, pool.idleCount());
            assertEquals(anchors * 4 * 2, pool.borrow(anchors * 4 * 2).limit()); // the boxes buffer comes back
            try (NetworkOutputs again = s.runInto(in, 2, 64, 96, anchors, new DirectBufferPool(3))) {
                assertArrayEquals(copied.scores()[1], again.toRawOutputs().scores()[1], 0f);
                again.close();
                assertThrows(IllegalStateException.class, () -> again.boxes(0));
            }
        }
    }

    @Test
    void aWrongAnchorCountIsAnInferenceErrorAndLeavesNoBufferLent() {
        try (OnnxModelSession s = new OnnxModelSession(mobileNetModel(), SessionConfig.defaults())) {
            DirectBufferPool pool = new DirectBufferPool(3);
            float[] x = input(1, 64, 96);
            java.nio.FloatBuffer in = java.nio.ByteBuffer.allocateDirect(x.length * 4)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(x).flip();
            OnnxInferenceException e = assertThrows(OnnxInferenceException.class,
                    () -> s.runInto(in, 1, 64, 96, 100, pool));
            assertTrue(e.getMessage().contains("100 anchors"), e.getMessage());
            assertEquals(3, pool.idleCount());
            assertThrows(IllegalArgumentException.class, () -> s.runInto(in, 1, 64, 96, 0, pool));
            assertThrows(IllegalArgumentException.class, () -> s.runInto(in, 1, 64, 95, 252, pool));
        }
    }

    @Test
    void anchorCountFollowsTheInputSize() {
        try (OnnxModelSession s = new OnnxModelSession(mobileNetModel(), SessionConfig.defaults())) {
            // 64x96: strides 8/16/32 give 8x12 + 4x6 + 2x3 cells, 2 anchors each
            RawOutputs out = s.run(input(1, 64, 96), 1, 64, 96);
            assertEquals(2 * (96 + 24 + 6), out.anchors());
            assertEquals(out.anchors() * 4, out.boxes()[0].length);
            assertEquals(out.anchors() * 10, out.landmarks()[0].length);
            float[] p = out.scores()[0];
            for (int i = 0; i < p.length; i += 2) {
                assertEquals(1.0, p[i] + p[i + 1], 1e-5, "softmax pair " + i / 2);
            }
        }
    }

    @Test
    void concurrentRunsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        try (OnnxModelSession s = new OnnxModelSession(mobileNetModel(), SessionConfig.defaults().withIntraOpThreads(1))) {
            int[][] sizes = {{32, 32}, {40, 56}, {48, 33}, {65, 64}};
            List<RawOutputs> sequential = new ArrayList<>();
            for (int[] sz : sizes) {
                sequential.add(s.run(input(1, sz[0], sz[1]), 1, sz[0], sz[1]));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<RawOutputs>> futures = new ArrayList<>();
                for (int[] sz : sizes) {
                    futures.add(pool.submit(() -> s.run(input(1, sz[0], sz[1]), 1, sz[0], sz[1])));
                }
                for (int i = 0; i < sizes.length; i++) {
                    assertArrayEquals(sequential.get(i).landmarks()[0], futures.get(i).get().landmarks()[0]);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void directBufferInputGivesTheSameOutputsAsAnArray() {
        try (OnnxModelSession s = new OnnxModelSession(mobileNetModel(), SessionConfig.defaults().withIntraOpThreads(1))) {
            float[] x = input(1, 40, 56);
            RawOutputs fromArray = s.run(x, 1, 40, 56);
            // a pooled buffer bigger than needed, with stale values beyond the limit
            DirectBufferPool pool = new DirectBufferPool(1);
            java.nio.FloatBuffer big = pool.borrow(x.length + 100);
            for (int i = 0; i < big.capacity(); i++) {
                big.put(i, 1e6f);
            }
            pool.release(big);
            java.nio.FloatBuffer buffer = pool.borrow(x.length);
            assertTrue(buffer == big && buffer.isDirect());
            buffer.put(0, x);
            RawOutputs fromBuffer = s.run(buffer, 1, 40, 56);
            assertArrayEquals(fromArray.boxes()[0], fromBuffer.boxes()[0]);
            assertArrayEquals(fromArray.scores()[0], fromBuffer.scores()[0]);
            assertArrayEquals(fromArray.landmarks()[0], fromBuffer.landmarks()[0]);
            assertEquals(0, buffer.position());
            assertEquals(x.length, buffer.limit());

            String msg = assertThrows(IllegalArgumentException.class,
                    () -> s.run(buffer.duplicate().limit(x.length - 1), 1, 40, 56)).getMessage();
            assertTrue(msg.contains("1x3x40x56 needs " + x.length), msg);
        }
    }

    @Test
    void wrongInputLengthIsRejectedWithTheDimensions() {
        try (OnnxModelSession s = new OnnxModelSession(mobileNetModel(), SessionConfig.defaults())) {
            String msg = assertThrows(IllegalArgumentException.class, () -> s.run(new float[10], 1, 4, 4)).getMessage();
            assertTrue(msg.contains("1x3x4x4 needs 48"), msg);
        }
    }

    @Test
    void runAfterCloseFails() {
        OnnxModelSession s = new OnnxModelSession(mobileNetModel(), SessionConfig.defaults());
        s.close();
        s.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> s.run(input(1, 32, 32), 1, 32, 32));
    }

    @Test
    void garbageModelBytesGiveAClearError() {
        OnnxInferenceException e = assertThrows(OnnxInferenceException.class,
                () -> new OnnxModelSession(new byte[] {1, 2, 3}, SessionConfig.defaults()));
        assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load the model"), e.getMessage());
    }

    @Test
    void cudaRequestFallsBackToCpuWhenTheProviderIsMissing() {
        boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
        try (OnnxModelSession s = new OnnxModelSession(mobileNetModel(), SessionConfig.defaults().withCuda(0))) {
            if (!cudaBuild) {
                assertFalse(s.usesCuda());
            }
            assertEquals(2 * (16 + 4 + 1), s.run(input(1, 32, 32), 1, 32, 32).anchors());
        }
    }

    @Test
    void spinningWorkersGiveTheSameAnswers() {
        SessionConfig two = SessionConfig.defaults().withIntraOpThreads(2);
        assertFalse(two.allowSpinning(), "no spinning by default");
        try (OnnxModelSession quiet = new OnnxModelSession(mobileNetModel(), two);
             OnnxModelSession spinning = new OnnxModelSession(mobileNetModel(), two.withSpinning(true))) {
            assertArrayEquals(quiet.run(input(1, 40, 56), 1, 40, 56).boxes()[0],
                    spinning.run(input(1, 40, 56), 1, 40, 56).boxes()[0]);
        }
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig(0, 1, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig(1, 0, false, 0));
    }
}
