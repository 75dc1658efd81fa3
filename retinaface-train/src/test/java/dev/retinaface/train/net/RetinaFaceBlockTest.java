package dev.retinaface.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;
import dev.retinaface.model.arch.ShapeInference;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.train.engine.OfflineEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetinaFaceBlockTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = OfflineEngine.start().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void referenceNetworkForwardShapesAndParameterCount() {
        Network net = MobileNetV1.retinaFace();
        RetinaFaceBlock block = new RetinaFaceBlock(net);
        ParameterInit.pytorchDefault(block, manager, 1);
        long trainable = block.parametersByKey().entrySet().stream()
                .filter(e -> RetinaFaceBlock.isTrainable(e.getKey()))
                .mapToLong(e -> e.getValue().getArray().size()).sum();
        assertEquals(426_608, trainable);
        try (NDManager step = manager.newSubManager()) {
            NDList out = block.forward(null, new NDList(step.randomNormal(new Shape(2, 3, 64, 96))), false);
            long anchors = (8 * 12 + 4 * 6 + 2 * 3) * 2;
            assertEquals(new Shape(2, anchors, 4), out.get(0).getShape());
            assertEquals(new Shape(2, anchors, 2), out.get(1).getShape());
            assertEquals(new Shape(2, anchors, 10), out.get(2).getShape());
            assertEquals(anchors, ShapeInference.anchorCount(net, 64, 96));
            assertEquals(16_800, ShapeInference.anchorCount(net, 640, 640));
        }
    }

    @Test
    void weightsRoundTripLosslessly() {
        Network net = MobileNetV1.retinaFace();
        RetinaFaceBlock a = new RetinaFaceBlock(net);
        ParameterInit.pytorchDefault(a, manager, 7);
        Map<String, Tensor> exported = WeightTransfer.export(a);
        assertEquals(net.parameterShapes().keySet(), exported.keySet());

        RetinaFaceBlock b = new RetinaFaceBlock(net);
        Map<String, Tensor> withPrefix = new LinkedHashMap<>();
        exported.forEach((k, v) -> withPrefix.put("module." + k, v));
        withPrefix.put("module.body.stage1.0.1.num_batches_tracked", new Tensor(new long[0], new float[1]));
        WeightTransfer.load(b, withPrefix, manager);
        Map<String, Tensor> again = WeightTransfer.export(b);
        for (String key : exported.keySet()) {
            assertArrayEquals(exported.get(key).data(), again.get(key).data(), 0f, key);
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.randomNormal(new Shape(1, 3, 32, 32));
            NDList oa = a.forward(null, new NDList(x), false);
            NDList ob = b.forward(null, new NDList(x), false);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(oa.get(i).toFloatArray(), ob.get(i).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void loadReportsMissingUnexpectedAndMisshapenTensors() {
        RetinaFaceBlock block = new RetinaFaceBlock(MobileNetV1.retinaFace());
        Map<String, Tensor> weights = new HashMap<>(Map.of("nonsense.weight", new Tensor(new long[] {1}, new float[1])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightTransfer.load(block, weights, manager));
        assertTrue(e.getMessage().contains("missing [body.stage1.0.0.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected [nonsense.weight]"), e.getMessage());
        Map<String, Tensor> bad = Map.of("body.stage1.0.0.weight", new Tensor(new long[] {8, 3, 3}, new float[72]));
        e = assertThrows(IllegalArgumentException.class, () -> WeightTransfer.loadMatching(block, bad, manager));
        assertTrue(e.getMessage().contains("needs [8, 3, 3, 3]"), e.getMessage());
    }

    /**
     * Every layer kind on a tiny network against a plain-Java evaluation: grouped dilated conv + BN + leaky,
     * max pool, nearest upsampling with a non-integer ratio, add, scale, channel concat, head reshape, anchor concat.
     */
    @Test
    void everyLayerKindMatchesPlainJava() {
        NetworkBuilder b = new NetworkBuilder("tiny");
        Node in = b.input(2);
        Node conv = b.add("c", new Layer.Conv("c", "bn", 2, 4, 3, 3, 1, 2, 2, 2, 2, false, Activation.leaky(0.1f)), in);
        Node pool = b.add("pool", new Layer.MaxPool(3, 2, 1), conv);
        Node up = b.upsampleLike("up", pool, conv);
        Node sum = b.sum("sum", conv, up);
        Node scaled = b.add("scale", new Layer.Scale(0.5f), sum);
        Node cat = b.concatChannels("cat", scaled, conv);
        Node relu = b.activate("relu", cat, Activation.RELU);
        Node head = b.convBias("h", relu, 8, 4, 1, 1, 0, 1, Activation.NONE);
        Node r1 = b.headReshape("r1", head, 2);
        Node r2 = b.headReshape("r2", b.convBias("h2", pool, 4, 2, 1, 1, 0, 1, Activation.NONE), 2);
        Node anchors = b.concatAnchors("anchors", r1, r2);
        Network net = b.build(anchors, anchors, anchors);
        RetinaFaceBlock block = new RetinaFaceBlock(net);
        ParameterInit.pytorchDefault(block, manager, 3);
        Map<String, Tensor> w = new HashMap<>(WeightTransfer.export(block));
        // non-trivial batch-norm statistics
        w.put("bn.running_mean", new Tensor(new long[] {4}, new float[] {0.1f, -0.2f, 0.3f, 0f}));
        w.put("bn.running_var", new Tensor(new long[] {4}, new float[] {1.5f, 0.5f, 2f, 1f}));
        w.put("bn.weight", new Tensor(new long[] {4}, new float[] {1.2f, 0.8f, -1f, 1f}));
        w.put("bn.bias", new Tensor(new long[] {4}, new float[] {0.05f, 0f, -0.1f, 0.2f}));
        WeightTransfer.load(block, w, manager);

        int h = 5, wd = 7;
        float[] x = new float[2 * h * wd];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.7) * 2;
        }
        float[][][] image = PlainNet.chw(x, 2, h, wd);
        float[] expected = PlainNet.evaluate(w, image);
        try (NDManager step = manager.newSubManager()) {
            NDList out = block.forward(null, new NDList(step.create(x, new Shape(1, 2, h, wd))), false);
            assertEquals(new Shape(1, h * wd * 2 + 3 * 4, 2), out.get(0).getShape());
            assertArrayEquals(expected, out.get(0).toFloatArray(), 1e-5f);
        }
    }
}
