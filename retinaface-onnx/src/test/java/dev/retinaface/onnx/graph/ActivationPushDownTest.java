package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Activation;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The activation after a concat of unactivated convs (SSH) is emitted on each conv instead, where ONNX Runtime fuses
 * it; where the pattern does not hold exactly it stays after the concat.
 */
class ActivationPushDownTest {

    private static final List<String> ACTIVATIONS = List.of("Relu", "LeakyRelu");

    /** Op type producing each tensor of a graph. */
    private static Map<String, String> producers(OnnxGraphSpec graph) {
        Map<String, String> producer = new HashMap<>();
        for (OnnxNodeSpec node : graph.nodes()) {
            node.outputs().forEach(out -> producer.put(out, node.opType()));
        }
        return producer;
    }

    private static long activationsAfter(OnnxGraphSpec graph, String producerOp) {
        Map<String, String> producer = producers(graph);
        return graph.nodes().stream().filter(n -> ACTIVATIONS.contains(n.opType()))
                .filter(n -> producerOp.equals(producer.get(n.inputs().get(0)))).count();
    }

    @Test
    void mobileNetSshActivationsMoveOntoTheirConvs() {
        Network net = MobileNetV1.retinaFace();
        OnnxGraphSpec graph = new OnnxGraphBuilder().buildGraph(net, RandomWeights.forNetwork(net, 4));
        assertEquals(0, activationsAfter(graph, "Concat"));
        // 3 levels x 3 SSH branches now end in a ReLU of their own
        assertEquals(9, graph.nodes().stream().filter(n -> n.opType().equals("Relu")).count());
    }

    /** x -> two unactivated convs -> concat -> LeakyReLU -> heads; {@code shareConcat} also feeds the concat to the boxes. */
    private static Network branches(boolean shareConcat) {
        NetworkBuilder b = new NetworkBuilder("branches");
        Node x = b.input(3);
        Node left = b.convBn("left", x, 3, 4, 3, 2, 1, 1, Activation.NONE);
        Node right = b.convBn("right", x, 3, 4, 3, 2, 1, 1, Activation.NONE);
        Node cat = b.concatChannels("cat", left, right);
        Node act = b.activate("act", cat, Activation.leaky(0.1f));
        Node boxes = b.convBias("box", shareConcat ? cat : act, 8, 4, 1, 1, 0, 1, Activation.NONE);
        Node scores = b.convBias("cls", act, 8, 2, 1, 1, 0, 1, Activation.NONE);
        Node marks = b.convBias("lmk", act, 8, 10, 1, 1, 0, 1, Activation.NONE);
        return b.build(b.concatAnchors("boxes", b.headReshape("box.r", boxes, 4)),
                b.concatAnchors("scores", b.headReshape("cls.r", scores, 2)),
                b.concatAnchors("landmarks", b.headReshape("lmk.r", marks, 10)));
    }

    @Test
    void pushedDownActivationGivesTheReferenceOutputs() {
        for (boolean share : new boolean[] {false, true}) {
            Network net = branches(share);
            Map<String, Tensor> weights = RandomWeights.forNetwork(net, 7);
            OnnxGraphBuilder builder = new OnnxGraphBuilder(OnnxExportConfig.rawLogits());
            OnnxGraphSpec graph = builder.buildGraph(net, weights);
            assertEquals(share ? 1 : 0, activationsAfter(graph, "Concat"), "concat shared: " + share);
            assertEquals(share ? 0 : 2, activationsAfter(graph, "Conv"), "concat shared: " + share);

            int h = 9;
            int w = 14;
            float[] input = RandomWeights.image(new Random(3), 1, 3, h, w);
            try (OnnxModelSession session = new OnnxModelSession(builder.build(net, weights),
                    SessionConfig.defaults().withIntraOpThreads(1))) {
                RawOutputs out = session.run(input, 1, h, w);
                Map3 image = new Map3(3, h, w);
                for (int i = 0; i < input.length; i++) {
                    image.v()[i] = input[i];
                }
                List<Map3> expected = new ReferenceInterpreter(net, weights).run(image);
                SyntheticNetworkParityTest.assertClose(expected.get(0).v(), out.boxes()[0], "boxes, shared " + share);
                SyntheticNetworkParityTest.assertClose(expected.get(1).v(), out.scores()[0], "scores, shared " + share);
                SyntheticNetworkParityTest.assertClose(expected.get(2).v(), out.landmarks()[0],
                        "landmarks, shared " + share);
                assertTrue(out.anchors() > 0);
            }
        }
    }
}
