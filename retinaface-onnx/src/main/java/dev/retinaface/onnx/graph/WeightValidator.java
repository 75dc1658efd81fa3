package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.checkpoint.WeightCheck;

import java.util.Map;

/**
 * Checks weights (checkpoint keys) against {@link Network#parameterShapes()} before a graph is built,
 * so a wrong checkpoint fails with one message listing every problem rather than deep inside the emitter.
 * The comparison itself is {@link WeightCheck}'s; batch-norm {@code num_batches_tracked} counters are tolerated.
 */
public final class WeightValidator {

    private WeightValidator() {
    }

    /** Throws {@link InvalidWeightsException} unless the weights hold exactly the network's parameters. */
    public static void validate(Network network, Map<String, Tensor> weights) {
        WeightCheck check = WeightCheck.of(network, weights);
        if (!check.matches()) {
            throw new InvalidWeightsException(check.describe());
        }
    }
}
