package dev.retinaface.model.nets;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MobileNetV1ReluTest {

    @Test
    void parametersMatchFaceDetector1mbCheckpoint() throws Exception {
        Network net = MobileNetV1Relu.retinaFace();
        ParameterParity.assertSameParameters(net,
                SharedData.resolve("weights/face-detector-1mb/mobilenet0.25_Final.pth"));
        assertEquals(426_608, net.parameterCount());
    }

    @Test
    void sameGraphAsReferenceWithLeakyReluReplaced() {
        Network reference = MobileNetV1.retinaFace();
        Network relu = MobileNetV1Relu.retinaFace();
        assertEquals(reference.nodes().size(), relu.nodes().size());
        int replaced = 0;
        for (int i = 0; i < reference.nodes().size(); i++) {
            var a = reference.nodes().get(i);
            var b = relu.nodes().get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.inputs().stream().map(n -> n.id()).toList(), b.inputs().stream().map(n -> n.id()).toList());
            if (a.layer() instanceof Layer.Conv ca && b.layer() instanceof Layer.Conv cb) {
                assertEquals(ca.weight(), cb.weight());
                assertNotEquals(Activation.Kind.LEAKY_RELU, cb.activation().kind(), b.name());
                if (ca.activation().kind() == Activation.Kind.LEAKY_RELU) {
                    assertEquals(Activation.RELU, cb.activation());
                    replaced++;
                }
            } else {
                assertEquals(a.layer(), b.layer());
            }
        }
        assertEquals(27 + 3 + 2 + 3 * 2, replaced); // backbone, FPN lateral, FPN merge, SSH 5x5_1 and 7x7_2
        assertEquals(relu.boxes().id(), reference.boxes().id());
        assertEquals(relu.landmarks().id(), reference.landmarks().id());
    }

    @Test
    void priorsAreThoseOfItsCfgMnet() {
        List<float[]> sizes = new ArrayList<>(List.of(MobileNetV1Relu.priors().minSizes()));
        assertArrayEquals(new float[] {10, 20}, sizes.get(0));
        assertArrayEquals(new float[] {32, 64}, sizes.get(1));
        assertArrayEquals(new float[] {128, 256}, sizes.get(2));
        assertArrayEquals(new int[] {8, 16, 32}, MobileNetV1Relu.priors().steps());
    }
}
