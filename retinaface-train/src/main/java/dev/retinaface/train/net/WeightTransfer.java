package dev.retinaface.train.net;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.retinaface.model.checkpoint.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Moves weights between a {@link RetinaFaceBlock} and checkpoint tensors keyed by checkpoint names,
 * losslessly (float32 both ways).
 */
public final class WeightTransfer {

    private WeightTransfer() {
    }

    /**
     * Loads every parameter of {@code block} from {@code weights}. Keys the network does not know are an error
     * except batch-norm {@code num_batches_tracked} counters; a missing key or a shape mismatch is an error.
     * A leading {@code module.} (saved from {@code DataParallel}) is stripped.
     */
    public static void load(RetinaFaceBlock block, Map<String, Tensor> weights, NDManager manager) {
        Map<String, Tensor> clean = stripModulePrefix(weights);
        List<String> missing = new ArrayList<>();
        for (String key : block.parametersByKey().keySet()) {
            if (!clean.containsKey(key)) {
                missing.add(key);
            }
        }
        TreeSet<String> unexpected = new TreeSet<>();
        for (String key : clean.keySet()) {
            if (!block.parametersByKey().containsKey(key) && !key.endsWith(".num_batches_tracked")) {
                unexpected.add(key);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("weights do not fit network " + block.network().name()
                    + ": missing " + abbreviate(missing) + ", unexpected " + abbreviate(new ArrayList<>(unexpected)));
        }
        loadMatching(block, clean, manager);
    }

    /**
     * Loads the tensors of {@code weights} whose keys the network has (e.g. an ImageNet backbone), leaving the
     * other parameters as they are. Returns the keys loaded.
     */
    public static List<String> loadMatching(RetinaFaceBlock block, Map<String, Tensor> weights, NDManager manager) {
        List<String> loaded = new ArrayList<>();
        Map<String, Parameter> params = block.parametersByKey();
        for (Map.Entry<String, Tensor> e : stripModulePrefix(weights).entrySet()) {
            Parameter p = params.get(e.getKey());
            if (p == null) {
                continue;
            }
            long[] expected = block.network().parameterShapes().get(e.getKey());
            Tensor t = e.getValue();
            if (!Arrays.equals(expected, t.shape())) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + Arrays.toString(t.shape())
                        + ", network " + block.network().name() + " needs " + Arrays.toString(expected));
            }
            ParameterInit.set(p, t.data(), t.shape(), manager);
            loaded.add(e.getKey());
        }
        return loaded;
    }

    /** Every parameter (running statistics included) as checkpoint tensors, in network order. */
    public static Map<String, Tensor> export(RetinaFaceBlock block) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, long[]> shapes = block.network().parameterShapes();
        for (Map.Entry<String, Parameter> e : block.parametersByKey().entrySet()) {
            if (!e.getValue().isInitialized()) {
                throw new IllegalStateException("parameter " + e.getKey() + " has no value to export");
            }
            out.put(e.getKey(), new Tensor(shapes.get(e.getKey()).clone(), e.getValue().getArray().toFloatArray()));
        }
        return out;
    }

    /** Renames keys: every key starting with {@code from} gets {@code to} instead (e.g. {@code stage1.} to {@code body.stage1.}). */
    public static Map<String, Tensor> renamePrefix(Map<String, Tensor> weights, String from, String to) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            String k = e.getKey();
            out.put(k.startsWith(from) ? to + k.substring(from.length()) : k, e.getValue());
        }
        return out;
    }

    private static Map<String, Tensor> stripModulePrefix(Map<String, Tensor> weights) {
        return renamePrefix(weights, "module.", "");
    }

    private static String abbreviate(List<String> keys) {
        if (keys.isEmpty()) {
            return "none";
        }
        return keys.size() <= 5 ? keys.toString() : keys.subList(0, 5) + " and " + (keys.size() - 5) + " more";
    }
}
