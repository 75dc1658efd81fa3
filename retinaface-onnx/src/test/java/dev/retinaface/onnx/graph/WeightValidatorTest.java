package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightValidatorTest {

    private final Network net = MobileNetV1.retinaFace();
    private final Map<String, Tensor> weights = new LinkedHashMap<>(RandomWeights.forNetwork(net, 7));

    @Test
    void completeWeightsWithBatchCountersPass() {
        weights.put("body.stage1.0.1.num_batches_tracked", new Tensor(new long[0], new float[1]));
        assertDoesNotThrow(() -> WeightValidator.validate(net, weights));
    }

    @Test
    void missingTensorIsNamed() {
        weights.remove("fpn.output1.0.weight");
        String msg = assertThrows(InvalidWeightsException.class, () -> new OnnxGraphBuilder().build(net, weights))
                .getMessage();
        assertTrue(msg.contains("1 missing [fpn.output1.0.weight]"), msg);
        assertTrue(msg.contains("mobilenet0.25"), msg);
    }

    @Test
    void unexpectedTensorIsNamed() {
        weights.put("module.body.stage1.0.0.weight", weights.get("body.stage1.0.0.weight"));
        String msg = assertThrows(InvalidWeightsException.class, () -> WeightValidator.validate(net, weights))
                .getMessage();
        assertTrue(msg.contains("1 unexpected [module.body.stage1.0.0.weight]"), msg);
        assertFalse(msg.contains("missing"), msg);
    }

    @Test
    void misShapedTensorShowsBothShapes() {
        weights.put("ClassHead.0.conv1x1.weight", new Tensor(new long[] {6, 64, 1, 1}, new float[6 * 64]));
        String msg = assertThrows(InvalidWeightsException.class, () -> WeightValidator.validate(net, weights))
                .getMessage();
        assertTrue(msg.contains("ClassHead.0.conv1x1.weight [6, 64, 1, 1] (expected [4, 64, 1, 1])"), msg);
    }

    @Test
    void longListsAreCut() {
        weights.clear();
        String msg = assertThrows(InvalidWeightsException.class, () -> WeightValidator.validate(net, weights))
                .getMessage();
        assertTrue(msg.contains(net.parameterShapes().size() + " missing"), msg);
        assertTrue(msg.contains("..."), msg);
    }
}
