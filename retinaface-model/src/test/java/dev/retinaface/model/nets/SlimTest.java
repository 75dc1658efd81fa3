package dev.retinaface.model.nets;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlimTest {

    @Test
    void parametersMatchSlimCheckpoint() throws Exception {
        Network slim = Slim.retinaFace();
        var file = SharedData.resolve("weights/face-detector-1mb/slim_Final.pth");
        ParameterParity.assertSameParameters(slim, file);
        assertEquals(ParameterParity.trainableValues(ParameterParity.checkpointTensors(file)), slim.parameterCount());
        assertEquals(343_488, slim.parameterCount());
    }

    @Test
    void headsHaveThreeTwoTwoThreeAnchorsAndALastPlainConvolution() {
        var shapes = Slim.retinaFace().parameterShapes();
        assertArrayEquals(new long[] {64, 1, 3, 3}, shapes.get("loc.0.0.weight")); // depthwise 3x3
        assertArrayEquals(new long[] {3 * 4, 64, 1, 1}, shapes.get("loc.0.2.weight"));
        assertArrayEquals(new long[] {2 * 2, 128, 1, 1}, shapes.get("conf.1.2.weight"));
        assertArrayEquals(new long[] {2 * 10, 256, 1, 1}, shapes.get("landm.2.2.weight"));
        assertArrayEquals(new long[] {3 * 10, 256, 3, 3}, shapes.get("landm.3.weight"));
    }

    @Test
    void usesOnlyPlainRelu() {
        for (var node : Slim.retinaFace().nodes()) {
            if (node.layer() instanceof Layer.Conv c) {
                assertTrue(c.activation().kind() != Activation.Kind.LEAKY_RELU, node.name());
            }
        }
    }

    @Test
    void priorsAreThoseOfCfgSlim() {
        PriorConfig p = Slim.priors();
        assertArrayEquals(new int[] {8, 16, 32, 64}, p.steps());
        assertArrayEquals(new float[][] {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}}, p.minSizes());
        for (int level = 0; level < 4; level++) {
            assertEquals(Slim.ANCHORS_PER_LEVEL[level], p.anchorsPerCell(level));
        }
        assertEquals(p, Rfb.priors());
    }
}
