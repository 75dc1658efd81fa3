package dev.retinaface.model.checkpoint;

import dev.retinaface.model.arch.Network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a state dict fits an architecture: tensors the architecture needs but the state dict lacks, tensors it
 * holds that the architecture does not use, and tensors whose shapes differ. Batch-norm
 * {@code num_batches_tracked} counters are ignored (checkpoints may or may not hold them).
 *
 * @param architecture name of the expected architecture, for messages
 * @param missing      expected keys absent from the state dict, in architecture order
 * @param unexpected   state-dict keys the architecture does not know, in file order
 * @param misShaped    keys present in both with different shapes
 */
public record WeightCheck(String architecture, List<String> missing, List<String> unexpected,
                          List<ShapeMismatch> misShaped) {

    /** How many names of each kind a message lists before summarising. */
    static final int LISTED = 10;

    /** A tensor whose shape differs from what the architecture expects. */
    public record ShapeMismatch(String key, long[] expected, long[] actual) {
        @Override
        public String toString() {
            return key + " " + Arrays.toString(actual) + " (expected " + Arrays.toString(expected) + ")";
        }
    }

    public WeightCheck {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        misShaped = List.copyOf(misShaped);
    }

    /** Compares {@code stateDict} with {@link Network#parameterShapes()}. */
    public static WeightCheck of(Network network, Map<String, Tensor> stateDict) {
        return of(network.name(), network.parameterShapes(), stateDict);
    }

    /** Compares {@code stateDict} with expected shapes by key. */
    public static WeightCheck of(String architecture, Map<String, long[]> expected, Map<String, Tensor> stateDict) {
        List<String> missing = new ArrayList<>();
        List<ShapeMismatch> misShaped = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            if (ignored(e.getKey())) {
                continue;
            }
            Tensor t = stateDict.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(e.getValue(), t.shape())) {
                misShaped.add(new ShapeMismatch(e.getKey(), e.getValue().clone(), t.shape().clone()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : stateDict.keySet()) {
            if (!ignored(key) && !expected.containsKey(key)) {
                unexpected.add(key);
            }
        }
        return new WeightCheck(architecture, missing, unexpected, misShaped);
    }

    private static boolean ignored(String key) {
        return key.endsWith(".num_batches_tracked") || key.equals("num_batches_tracked");
    }

    /** True when every expected tensor is present with its shape and nothing else is there. */
    public boolean matches() {
        return missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty();
    }

    /**
     * Throws unless {@link #matches()}.
     *
     * @param source the checkpoint the state dict came from, named in the message
     */
    public void requireMatch(Path source) throws WeightMismatchException {
        if (!matches()) {
            throw new WeightMismatchException(source, this);
        }
    }

    /** One-paragraph description: counts, then the first {@value #LISTED} names of each kind. */
    public String describe() {
        if (matches()) {
            return "weights fit architecture '" + architecture + "'";
        }
        StringBuilder s = new StringBuilder("weights do not fit architecture '" + architecture + "': ");
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(missing.size() + " missing " + list(missing));
        }
        if (!unexpected.isEmpty()) {
            parts.add(unexpected.size() + " unexpected " + list(unexpected));
        }
        if (!misShaped.isEmpty()) {
            parts.add(misShaped.size() + " mis-shaped " + list(misShaped));
        }
        return s.append(String.join("; ", parts)).toString();
    }

    private static String list(List<?> items) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(LISTED, items.size()); i++) {
            s.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        if (items.size() > LISTED) {
            s.append(", ... and ").append(items.size() - LISTED).append(" more");
        }
        return s.append("]").toString();
    }
}
