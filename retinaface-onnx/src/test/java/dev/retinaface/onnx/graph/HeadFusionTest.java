package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.model.nets.Slim;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A level's three 1x1 heads become one convolution where the IR allows it, with the same outputs. */
class HeadFusionTest {

    private static final SessionConfig ONE_THREAD = SessionConfig.defaults().withIntraOpThreads(1);

    private static long count(OnnxGraphSpec graph, String op) {
        return graph.nodes().stream().filter(n -> n.opType().equals(op)).count();
    }

    @Test
    void interleavesChannelsAnchorMajor() {
        // 2 anchors, one value per channel: box a*4+j, score a*2+j, landmark a*10+j
        float[] box = {0, 1, 2, 3, 10, 11, 12, 13};
        float[] score = {20, 21, 30, 31};
        float[] marks = new float[20];
        for (int i = 0; i < 20; i++) {
            marks[i] = (i < 10 ? 40 : 50) + i % 10;
        }
        float[] fused = HeadFusion.interleave(List.of(box, score, marks), 2, 1);
        assertArrayEquals(new float[] {0, 1, 2, 3, 20, 21, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
                10, 11, 12, 13, 30, 31, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59}, fused);
        // a head without bias contributes zeros; blocks of 2 values move together
        float[] blocks = HeadFusion.interleave(List.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new float[4], new float[20]),
                1, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, java.util.Arrays.copyOf(blocks, 8));
        float[] noBias = HeadFusion.interleave(java.util.Arrays.asList(null, score, null), 2, 1);
        assertEquals(20, noBias[4]);
        assertEquals(0, noBias[0]);
    }

    @Test
    void mobileNetHeadsBecomeOneConvPerLevelWithTheSameProbabilities() {
        Network net = MobileNetV1.retinaFace();
        Map<String, Tensor> weights = RandomWeights.forNetwork(net, 5);
        OnnxGraphBuilder fused = new OnnxGraphBuilder(OnnxExportConfig.defaults());
        OnnxGraphBuilder separate = new OnnxGraphBuilder(OnnxExportConfig.defaults().withFusedHeads(false));
        OnnxGraphSpec fusedGraph = fused.buildGraph(net, weights);
        OnnxGraphSpec separateGraph = separate.buildGraph(net, weights);
        assertEquals(count(separateGraph, "Conv") - 6, count(fusedGraph, "Conv"), "9 head convs become 3");
        assertEquals(1, count(fusedGraph, "Split"));
        // all levels fused: scores come from logit differences through a Sigmoid instead of a Softmax
        assertEquals(1, count(fusedGraph, "Sigmoid"));
        assertEquals(0, count(fusedGraph, "Softmax"));
        assertEquals(count(separateGraph, "Concat") - 2, count(fusedGraph, "Concat"), "3 output concats become 1");
        assertEquals(count(separateGraph, "Transpose") - 6, count(fusedGraph, "Transpose"));

        int h = 37;
        int w = 50;
        float[] input = RandomWeights.image(new Random(9), 2, 3, h, w);
        try (OnnxModelSession a = new OnnxModelSession(fused.build(net, weights), ONE_THREAD);
             OnnxModelSession b = new OnnxModelSession(separate.build(net, weights), ONE_THREAD)) {
            RawOutputs x = a.run(input, 2, h, w);
            RawOutputs y = b.run(input, 2, h, w);
            assertEquals(y.anchors(), x.anchors());
            for (int n = 0; n < 2; n++) {
                assertClose(y.boxes()[n], x.boxes()[n], "boxes " + n);
                assertClose(y.scores()[n], x.scores()[n], "scores " + n);
                assertClose(y.landmarks()[n], x.landmarks()[n], "landmarks " + n);
            }
        }
    }

    @Test
    void headsReadingDifferentInputsStaySeparate() {
        NetworkBuilder b = new NetworkBuilder("mixed");
        Node x = b.input(3);
        Node f = b.convBn("f", x, 3, 8, 3, 2, 1, 1, Activation.RELU);
        Node g = b.convBn("g", x, 3, 8, 3, 2, 1, 1, Activation.RELU);
        Node coarse = b.convBn("coarse", f, 8, 8, 3, 2, 1, 1, Activation.RELU);
        // level 0: the box head reads another feature; level 1: all three read `coarse`, so only it is fused
        Node[] boxes = {b.headReshape("b0.r", b.convBias("b0", g, 8, 8, 1, 1, 0, 1, Activation.NONE), 4),
                b.headReshape("b1.r", b.convBias("b1", coarse, 8, 8, 1, 1, 0, 1, Activation.NONE), 4)};
        Node[] scores = {b.headReshape("s0.r", b.convBias("s0", f, 8, 4, 1, 1, 0, 1, Activation.NONE), 2),
                b.headReshape("s1.r", b.convBias("s1", coarse, 8, 4, 1, 1, 0, 1, Activation.NONE), 2)};
        Node[] marks = {b.headReshape("l0.r", b.convBias("l0", f, 8, 20, 1, 1, 0, 1, Activation.NONE), 10),
                b.headReshape("l1.r", b.convBias("l1", coarse, 8, 20, 1, 1, 0, 1, Activation.NONE), 10)};
        Network net = b.build(b.concatAnchors("boxes", boxes), b.concatAnchors("scores", scores),
                b.concatAnchors("landmarks", marks));

        HeadFusion.Plan plan = HeadFusion.find(net);
        assertEquals(1, plan.levels().size());
        assertEquals(1, plan.levels().get(0).index());
        assertEquals(false, plan.allLevels());
        Map<String, Tensor> weights = RandomWeights.forNetwork(net, 6);
        OnnxGraphSpec graph = new OnnxGraphBuilder().buildGraph(net, weights);
        assertEquals(1, count(graph, "Split"), "the fused level is split into its three heads");
        assertEquals(3, count(graph, "Concat"), "the output concats stay");

        int h = 13;
        int w = 18;
        float[] input = RandomWeights.image(new Random(4), 1, 3, h, w);
        try (OnnxModelSession a = new OnnxModelSession(new OnnxGraphBuilder().build(net, weights), ONE_THREAD);
             OnnxModelSession c = new OnnxModelSession(new OnnxGraphBuilder(OnnxExportConfig.defaults()
                     .withFusedHeads(false)).build(net, weights), ONE_THREAD)) {
            RawOutputs one = a.run(input, 1, h, w);
            RawOutputs other = c.run(input, 1, h, w);
            assertClose(other.boxes()[0], one.boxes()[0], "boxes");
            assertClose(other.scores()[0], one.scores()[0], "scores");
            assertClose(other.landmarks()[0], one.landmarks()[0], "landmarks");
        }
    }

    @Test
    void depthwiseHeadsOfSlimAreNotFusedButItsPlainLastLevelIs() {
        HeadFusion.Plan plan = HeadFusion.find(Slim.retinaFace());
        assertEquals(1, plan.levels().size(), "only the last level's plain 3x3 heads share input and geometry");
        assertEquals(3, plan.levels().get(0).index());
        assertEquals(false, plan.allLevels());
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        assertTrue(maxAbs > 1e-3, what + " is all zeros: the comparison would prove nothing");
        assertTrue(maxDiff <= 1e-5 * Math.max(1, maxAbs), what + ": max difference " + maxDiff);
    }
}
