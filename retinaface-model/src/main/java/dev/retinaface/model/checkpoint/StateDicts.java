package dev.retinaface.model.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small state-dict transformations. */
public final class StateDicts {

    /** The prefix {@code torch.nn.DataParallel} adds to every key. */
    public static final String DATA_PARALLEL_PREFIX = "module.";

    private StateDicts() {
    }

    /**
     * The state dict with a leading {@code module.} removed from every key that has one (as the reference
     * implementation does after training with {@code DataParallel}); keys without it are kept as they are.
     */
    public static Map<String, Tensor> stripDataParallelPrefix(Map<String, Tensor> stateDict) {
        return stripPrefix(stateDict, DATA_PARALLEL_PREFIX);
    }

    /** The state dict with {@code prefix} removed from the keys starting with it, order kept. */
    public static Map<String, Tensor> stripPrefix(Map<String, Tensor> stateDict, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            String key = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
            if (out.put(key, e.getValue()) != null) {
                throw new IllegalArgumentException("stripping '" + prefix + "' makes key '" + key + "' appear twice");
            }
        }
        return out;
    }

    /** Number of values in all tensors whose key passes {@code include}. */
    public static long valueCount(Map<String, Tensor> stateDict, java.util.function.Predicate<String> include) {
        long n = 0;
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            if (include.test(e.getKey())) {
                n += e.getValue().size();
            }
        }
        return n;
    }
}
