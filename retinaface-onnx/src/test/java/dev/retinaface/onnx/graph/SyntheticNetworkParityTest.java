package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.onnx.graph.ReferenceInterpreter.Map3;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emitted ONNX graph, run by ONNX Runtime, against a plain Java evaluation of the same network:
 * covers every layer kind, including those the MobileNet reference does not use (max pooling, scaling,
 * dilation, non-square kernels, grouped convolutions, resizing between different channel counts).
 */
class SyntheticNetworkParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final SessionConfig ONE_THREAD = SessionConfig.defaults().withIntraOpThreads(1);

    /** Two pyramid levels, every layer kind; heads of 2 anchors per cell. */
    static Network everyLayerNetwork() {
        NetworkBuilder b = new NetworkBuilder("every-layer");
        Node x = b.input(3);
        Node a = b.add("a", new Layer.Conv("a.conv", "a.bn", 3, 8, 3, 3, 2, 1, 1, 1, 1, false,
                Activation.leaky(0.1f)), x);
        // non-square 1x3 kernel, 2 groups, conv bias and batch norm together
        Node g = b.add("g", new Layer.Conv("g.conv", "g.bn", 8, 8, 1, 3, 1, 0, 1, 1, 2, true, Activation.RELU), a);
        // dilated depthwise 3x3 with bias only
        Node d = b.add("d", new Layer.Conv("d.conv", null, 8, 8, 3, 3, 1, 2, 2, 2, 8, true, Activation.NONE), a);
        Node sum = b.sum("sum", g, d);
        Node scaled = b.add("scale", new Layer.Scale(0.5f), sum);
        Node fine = b.activate("act", scaled, Activation.leaky(0.2f));
        Node pooled = b.add("pool", new Layer.MaxPool(3, 2, 1), fine);
        // 3x1 kernel to 4 channels: the coarse level
        Node coarse = b.add("coarse", new Layer.Conv("coarse.conv", "coarse.bn", 8, 4, 3, 1, 1, 1, 0, 1, 1, false,
                Activation.RELU), pooled);
        Node up = b.upsampleLike("up", coarse, fine);                // 4 channels resized like an 8-channel map
        Node merged = b.activate("merged", b.concatChannels("cat", up, fine), Activation.RELU);
        Node[] levels = {merged, coarse};
        int[] channels = {12, 4};
        Node[][] heads = new Node[3][2];
        int[] k = {4, 2, 10};
        String[] names = {"box", "cls", "lmk"};
        for (int h = 0; h < 3; h++) {
            for (int l = 0; l < 2; l++) {
                Node conv = b.convBias(names[h] + l, levels[l], channels[l], 2 * k[h], 1, 1, 0, 1, Activation.NONE);
                heads[h][l] = b.headReshape(names[h] + l + ".reshape", conv, k[h]);
            }
        }
        return b.build(b.concatAnchors("boxes", heads[0]), b.concatAnchors("scores", heads[1]),
                b.concatAnchors("landmarks", heads[2]));
    }

    @Test
    void everyLayerKindMatchesJavaReferenceAtOddSizesAndBatchTwo() {
        Network net = everyLayerNetwork();
        Map<String, Tensor> weights = RandomWeights.forNetwork(net, 1);
        byte[] model = new OnnxGraphBuilder(OnnxExportConfig.rawLogits()).build(net, weights);
        try (OnnxModelSession session = new OnnxModelSession(model, ONE_THREAD)) {
            for (int[] size : new int[][] {{11, 13}, {9, 20}, {16, 16}}) {
                assertMatchesReference(net, weights, session, 2, size[0], size[1], false);
            }
        }
    }

    @Test
    void scoresAreSoftmaxProbabilitiesByDefault() {
        Network net = everyLayerNetwork();
        Map<String, Tensor> weights = RandomWeights.forNetwork(net, 2);
        try (OnnxModelSession session = new OnnxModelSession(new OnnxGraphBuilder().build(net, weights), ONE_THREAD)) {
            assertMatchesReference(net, weights, session, 1, 14, 10, true);
        }
    }

    @Test
    void mobileNetStructureWithRandomWeightsMatchesJavaReference() {
        Network net = MobileNetV1.retinaFace();
        Map<String, Tensor> weights = RandomWeights.forNetwork(net, 3);
        byte[] model = new OnnxGraphBuilder(OnnxExportConfig.rawLogits()).build(net, weights);
        try (OnnxModelSession session = new OnnxModelSession(model, ONE_THREAD)) {
            assertMatchesReference(net, weights, session, 1, 37, 45, false);
        }
    }

    private static void assertMatchesReference(Network net, Map<String, Tensor> weights, OnnxModelSession session,
                                               int n, int h, int w, boolean softmax) {
        float[] input = RandomWeights.image(new Random(h * 31L + w), n, 3, h, w);
        RawOutputs out = session.run(input, n, h, w);
        ReferenceInterpreter ref = new ReferenceInterpreter(net, weights);
        for (int b = 0; b < n; b++) {
            Map3 image = new Map3(3, h, w);
            for (int i = 0; i < image.v().length; i++) {
                image.v()[i] = input[b * image.v().length + i];
            }
            List<Map3> expected = ref.run(image);
            String where = "batch " + b + " at " + h + "x" + w;
            assertEquals(expected.get(0).h(), out.anchors(), "anchor count " + where);
            assertClose(expected.get(0).v(), out.boxes()[b], "boxes " + where);
            double[] scores = softmax ? softmaxPairs(expected.get(1).v()) : expected.get(1).v();
            assertClose(scores, out.scores()[b], "scores " + where);
            assertClose(expected.get(2).v(), out.landmarks()[b], "landmarks " + where);
        }
    }

    private static double[] softmaxPairs(double[] logits) {
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i += 2) {
            double m = Math.max(logits[i], logits[i + 1]);
            double e0 = Math.exp(logits[i] - m);
            double e1 = Math.exp(logits[i + 1] - m);
            p[i] = e0 / (e0 + e1);
            p[i + 1] = e1 / (e0 + e1);
        }
        return p;
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        assertTrue(maxAbs > 1e-3, what + " is all zeros: the comparison would prove nothing");
        assertTrue(maxDiff <= TOLERANCE * Math.max(1, maxAbs),
                what + ": max difference " + maxDiff + " (values up to " + maxAbs + ") "
                        + Arrays.toString(Arrays.copyOf(actual, 4)));
    }
}
