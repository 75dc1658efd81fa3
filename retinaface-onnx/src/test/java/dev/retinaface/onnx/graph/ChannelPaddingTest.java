package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zero channels up to the kernels' block: only where convolutions alone read them, and the same outputs. */
class ChannelPaddingTest {

    private static final SessionConfig ONE_THREAD = SessionConfig.defaults().withIntraOpThreads(1);

    @Test
    void mobileNetPadsOnlyItsEightChannelStem() {
        Network net = MobileNetV1.retinaFace();
        Map<String, Integer> padded = ChannelPadding.plan(net, 16).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
        // stage1.0 (3 -> 8) and the depthwise stage1.1.dw; stage1.1.pw reads the zeros with zero weights
        assertEquals(Map.of("body.stage1.0", 16, "body.stage1.1.dw", 16), padded);
        assertTrue(ChannelPadding.plan(net, 8).isEmpty(), "every channel count is a multiple of 8");
        assertTrue(ChannelPadding.plan(net, 1).isEmpty());
    }

    @Test
    void embedKeepsChannelsInPlace() {
        // [2 out, 1 in, 1x2 kernel] into [3 out, 2 in]
        float[] w = {1, 2, 3, 4};
        assertArrayEquals(new float[] {1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0}, ChannelPadding.embed(w, 2, 1, 3, 2, 2));
    }

    @Test
    void convReadByAnythingElseIsNotPadded() {
        NetworkBuilder b = new NetworkBuilder("sum");
        Node x = b.input(3);
        Node a = b.convBn("a", x, 3, 6, 3, 2, 1, 1, Activation.RELU);
        Node c = b.convBn("c", x, 3, 6, 3, 2, 1, 1, Activation.RELU);
        Node sum = b.sum("sum", a, c);
        Node box = b.convBias("box", sum, 6, 4, 1, 1, 0, 1, Activation.NONE);
        Node cls = b.convBias("cls", sum, 6, 2, 1, 1, 0, 1, Activation.NONE);
        Node lmk = b.convBias("lmk", sum, 6, 10, 1, 1, 0, 1, Activation.NONE);
        Network net = b.build(b.concatAnchors("boxes", b.headReshape("box.r", box, 4)),
                b.concatAnchors("scores", b.headReshape("cls.r", cls, 2)),
                b.concatAnchors("landmarks", b.headReshape("lmk.r", lmk, 10)));
        assertTrue(ChannelPadding.plan(net, 8).isEmpty(), "an Add reads them");
    }

    @Test
    void paddedMobileNetGivesTheSameOutputs() {
        Network net = MobileNetV1.retinaFace();
        Map<String, Tensor> weights = RandomWeights.forNetwork(net, 8);
        int h = 45;
        int w = 38;
        float[] input = RandomWeights.image(new Random(2), 1, 3, h, w);
        OnnxExportConfig plain = OnnxExportConfig.defaults();
        try (OnnxModelSession a = new OnnxModelSession(new OnnxGraphBuilder(plain.withChannelAlignment(16))
                .build(net, weights), ONE_THREAD);
             OnnxModelSession c = new OnnxModelSession(new OnnxGraphBuilder(plain).build(net, weights), ONE_THREAD)) {
            RawOutputs padded = a.run(input, 1, h, w);
            RawOutputs reference = c.run(input, 1, h, w);
            HeadFusionTest.assertClose(reference.boxes()[0], padded.boxes()[0], "boxes");
            HeadFusionTest.assertClose(reference.scores()[0], padded.scores()[0], "scores");
            HeadFusionTest.assertClose(reference.landmarks()[0], padded.landmarks()[0], "landmarks");
        }
    }

    @Test
    void alignmentMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> OnnxExportConfig.defaults().withChannelAlignment(0));
    }
}
