package dev.retinaface.model.nets;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.Node;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RfbTest {

    @Test
    void parametersMatchRfbCheckpoint() throws Exception {
        Network rfb = Rfb.retinaFace();
        var file = SharedData.resolve("weights/face-detector-1mb/RBF_Final.pth");
        ParameterParity.assertSameParameters(rfb, file);
        assertEquals(ParameterParity.trainableValues(ParameterParity.checkpointTensors(file)), rfb.parameterCount());
        assertEquals(359_592, rfb.parameterCount());
    }

    @Test
    void rfbBranchesUseDilationsTwoThreeFiveWithMatchingPadding() {
        Map<String, Node> nodes = Rfb.retinaFace().nodes().stream()
                .collect(Collectors.toMap(Node::name, Function.identity()));
        assertDilated(nodes.get("conv8.branch0.2"), 2);
        assertDilated(nodes.get("conv8.branch1.2"), 3);
        assertDilated(nodes.get("conv8.branch2.3"), 5);
        Layer.Conv reduce = (Layer.Conv) nodes.get("conv8.branch2.2").layer();
        assertEquals(12, reduce.inChannels()); // (inter / 2) * 3 with inter = 64 / 8
    }

    @Test
    void shortcutIsAddedWithoutScalingWhenScaleIsOne() {
        Network rfb = Rfb.retinaFace();
        assertFalse(rfb.nodes().stream().anyMatch(n -> n.layer() instanceof Layer.Scale));
        Node sum = rfb.nodes().stream().filter(n -> n.name().equals("conv8.sum")).findFirst().orElseThrow();
        assertEquals("conv8.ConvLinear", sum.inputs().get(0).name());
        assertEquals("conv8.shortcut", sum.inputs().get(1).name());
    }

    private static void assertDilated(Node node, int dilation) {
        Layer.Conv c = (Layer.Conv) node.layer();
        assertEquals(dilation, c.dilation(), node.name());
        assertEquals(dilation, c.padH(), node.name()); // keeps the size of a 3x3 window
        assertEquals(dilation, c.padW(), node.name());
    }
}
