package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks weights (checkpoint keys) against {@link Network#parameterShapes()} before a graph is built,
 * so a wrong checkpoint fails with one message listing every problem rather than deep inside the emitter.
 * Batch-norm {@code num_batches_tracked} counters are tolerated.
 */
public final class WeightValidator {

    private static final int MAX_LISTED = 10;

    private WeightValidator() {
    }

    /** Throws {@link InvalidWeightsException} unless the weights hold exactly the network's parameters. */
    public static void validate(Network network, Map<String, Tensor> weights) {
        Map<String, long[]> expected = network.parameterShapes();
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                misShaped.add(e.getKey() + " expected " + Arrays.toString(e.getValue())
                        + " got " + Arrays.toString(t.shape()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : weights.keySet()) {
            if (!expected.containsKey(key) && !key.endsWith(".num_batches_tracked")) {
                unexpected.add(key);
            }
        }
        if (missing.isEmpty() && misShaped.isEmpty() && unexpected.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder("weights do not match network " + network.name() + ":");
        describe(msg, "missing", missing);
        describe(msg, "unexpected", unexpected);
        describe(msg, "mis-shaped", misShaped);
        throw new InvalidWeightsException(msg.toString());
    }

    private static void describe(StringBuilder msg, String what, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        msg.append(' ').append(items.size()).append(' ').append(what).append(' ');
        msg.append(items.subList(0, Math.min(MAX_LISTED, items.size())));
        if (items.size() > MAX_LISTED) {
            msg.append(" ...");
        }
        msg.append(';');
    }
}
