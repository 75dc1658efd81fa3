package dev.retinaface.model.nets;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No ResNet-50 checkpoint is available here; the expected figures are computed by hand from torchvision's
 * layer shapes: ResNet-50 without {@code fc} has 23,508,032 parameters (25,557,032 - 2,049,000), FPN 2,099,712,
 * three SSH 3 x 553,728, heads 3 x 8,224; total 27,293,600.
 */
class ResNet50Test {

    @Test
    void parameterCountIsThatOfResnet50Final() {
        assertEquals(27_293_600, ResNet50.retinaFace().parameterCount());
    }

    @Test
    void bodyKeysFollowTorchvision() {
        Map<String, long[]> shapes = ResNet50.retinaFace().parameterShapes();
        assertArrayEquals(new long[] {64, 3, 7, 7}, shapes.get("body.conv1.weight"));
        assertArrayEquals(new long[] {64}, shapes.get("body.bn1.running_var"));
        assertArrayEquals(new long[] {256, 64, 1, 1}, shapes.get("body.layer1.0.downsample.0.weight"));
        assertArrayEquals(new long[] {256}, shapes.get("body.layer1.0.downsample.1.weight"));
        assertArrayEquals(new long[] {128, 128, 3, 3}, shapes.get("body.layer2.3.conv2.weight"));
        assertArrayEquals(new long[] {2048, 512, 1, 1}, shapes.get("body.layer4.2.conv3.weight"));
        assertTrue(shapes.containsKey("body.layer4.0.downsample.1.running_mean"));
        assertEquals(null, shapes.get("body.layer1.1.downsample.0.weight"));
        // 53 convolutions (stem, 16 bottlenecks x 3, 4 projections), each with a batch norm
        assertEquals(53 * 5, shapes.keySet().stream().filter(k -> k.startsWith("body.")).count());
    }

    @Test
    void pyramidTakesLayers2To4At256ChannelsWithPlainRelu() {
        Network net = ResNet50.retinaFace();
        Map<String, long[]> shapes = net.parameterShapes();
        assertArrayEquals(new long[] {256, 512, 1, 1}, shapes.get("fpn.output1.0.weight"));
        assertArrayEquals(new long[] {256, 1024, 1, 1}, shapes.get("fpn.output2.0.weight"));
        assertArrayEquals(new long[] {256, 2048, 1, 1}, shapes.get("fpn.output3.0.weight"));
        assertArrayEquals(new long[] {4, 256, 1, 1}, shapes.get("ClassHead.2.conv1x1.weight"));
        for (var node : net.nodes()) {
            if (node.layer() instanceof Layer.Conv c) {
                assertNotEquals(Activation.Kind.LEAKY_RELU, c.activation().kind(), node.name());
            }
        }
    }

    @Test
    void strideTwoSitsOnTheThreeByThreeConvolution() {
        Network net = ResNet50.retinaFace();
        var conv2 = net.nodes().stream().filter(n -> n.name().equals("body.layer3.0.conv2")).findFirst().orElseThrow();
        var conv1 = net.nodes().stream().filter(n -> n.name().equals("body.layer3.0.conv1")).findFirst().orElseThrow();
        assertEquals(2, ((Layer.Conv) conv2.layer()).stride());
        assertEquals(1, ((Layer.Conv) conv1.layer()).stride());
        assertEquals(ResNet50.priors(), dev.retinaface.core.anchors.PriorConfig.reference());
    }
}
