package dev.retinaface.model.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the state dict inside an unpickled checkpoint object and turns storage views into tensors. */
final class SavedObject {

    /** Keys that commonly hold the state dict in training checkpoints, tried first. */
    private static final List<String> STATE_DICT_KEYS =
            List.of("state_dict", "model_state_dict", "model", "net", "network", "weights");

    /** Produces the dense tensor for a view; {@code where} names it for error messages. */
    interface TensorResolver {
        Tensor resolve(TensorRef ref, String where) throws IOException;
    }

    private SavedObject() {
    }

    /**
     * The checkpoint made of {@code root}: the object itself when it maps names to tensors, else the first
     * entry that does (preferring {@link #STATE_DICT_KEYS}); the remaining entries become extras.
     */
    static Checkpoint toCheckpoint(Object root, Path file, Checkpoint.Format format, TensorResolver resolver)
            throws IOException {
        if (isStateDict(root)) {
            return new Checkpoint(file, format, "", stateDict((Map<?, ?>) root, resolver), Map.of());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointFormatException(file, "holds " + describe(root) + ", not a state dict");
        }
        Object key = null;
        for (String candidate : STATE_DICT_KEYS) {
            if (isStateDict(top.get(candidate))) {
                key = candidate;
                break;
            }
        }
        if (key == null) {
            for (Map.Entry<?, ?> e : top.entrySet()) {
                if (isStateDict(e.getValue())) {
                    key = e.getKey();
                    break;
                }
            }
        }
        if (key == null) {
            throw new CheckpointFormatException(file, "no state dict (a dict of names to tensors) found; top-level keys: "
                    + top.keySet());
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            if (!e.getKey().equals(key)) {
                String name = String.valueOf(e.getKey());
                extras.put(name, resolveAll(e.getValue(), name, resolver));
            }
        }
        return new Checkpoint(file, format, String.valueOf(key), stateDict((Map<?, ?>) top.get(key), resolver),
                extras);
    }

    /** A non-empty dict whose keys are strings and whose values are all tensors. */
    private static boolean isStateDict(Object o) {
        if (!(o instanceof Map<?, ?> map) || map.isEmpty()) {
            return false;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof TensorRef)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Tensor> stateDict(Map<?, ?> raw, TensorResolver resolver) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String name = (String) e.getKey();
            out.put(name, resolver.resolve((TensorRef) e.getValue(), name));
        }
        return out;
    }

    /** Copies a pickled value with tensors resolved, tuples as lists and dicts as ordered maps. */
    private static Object resolveAll(Object o, String where, TensorResolver resolver) throws IOException {
        if (o instanceof TensorRef ref) {
            return resolver.resolve(ref, where);
        }
        if (o instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(e.getKey(), resolveAll(e.getValue(), where + "." + e.getKey(), resolver));
            }
            return out;
        }
        if (o instanceof Object[] || o instanceof List<?>) {
            List<?> items = o instanceof Object[] a ? Arrays.asList(a) : (List<?>) o;
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                out.add(resolveAll(items.get(i), where + "[" + i + "]", resolver));
            }
            return out;
        }
        return o;
    }

    static String describe(Object o) {
        return o == null ? "None" : "a " + o.getClass().getSimpleName();
    }
}
