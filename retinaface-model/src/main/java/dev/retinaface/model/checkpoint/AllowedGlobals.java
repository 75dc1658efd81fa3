package dev.retinaface.model.checkpoint;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only Python globals a checkpoint pickle may name. Each maps to a Java constructor that builds plain data;
 * everything else is refused by {@link RestrictedUnpickler} before it can be called.
 */
final class AllowedGlobals {

    private AllowedGlobals() {
    }

    /** Human-readable list for error messages. */
    static final String DESCRIPTION = "collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
            + "torch._utils._rebuild_parameter, torch.<Type>Storage, torch.<dtype>";

    /** Storage classes that may be named; unsupported element types are reported when used. */
    private static final Set<String> STORAGE_CLASSES = Set.of("FloatStorage", "DoubleStorage", "HalfStorage",
            "BFloat16Storage", "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage",
            "BoolStorage", "ComplexFloatStorage", "ComplexDoubleStorage", "UntypedStorage");

    private static final Set<String> DTYPES = Set.of("float32", "float", "float64", "double", "float16", "half",
            "bfloat16", "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool");

    /** A named Python class or object that only stands for itself (storage classes, dtypes). */
    record Marker(String module, String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException(module + "." + name + " cannot be called in a checkpoint");
        }

        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** The constructor for {@code module.name}, or null when the global is not allowed. */
    static IObjectConstructor lookup(String module, String name) {
        return switch (module) {
            case "collections" -> name.equals("OrderedDict") ? AllowedGlobals::orderedDict : null;
            case "torch._utils" -> switch (name) {
                case "_rebuild_tensor_v2" -> AllowedGlobals::rebuildTensor;
                case "_rebuild_parameter" -> AllowedGlobals::rebuildParameter;
                default -> null;
            };
            case "torch" -> STORAGE_CLASSES.contains(name) || DTYPES.contains(name) ? new Marker(module, name) : null;
            case "torch.storage" -> name.equals("UntypedStorage") ? new Marker("torch", name) : null;
            default -> null;
        };
    }

    /** {@code OrderedDict()} or {@code OrderedDict([(k, v), ...])}. */
    private static Object orderedDict(Object[] args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.length == 1 && args[0] instanceof List<?> pairs) {
            for (Object pair : pairs) {
                Object[] kv = pair instanceof List<?> l ? l.toArray() : (Object[]) pair;
                map.put(kv[0], kv[1]);
            }
        } else if (args.length != 0) {
            throw new PickleException("unexpected OrderedDict arguments");
        }
        return map;
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("_rebuild_tensor_v2 needs (storage, offset, size, stride, ...)");
        }
        return new TensorRef(storage, toLong(args[1]), longs(args[2]), longs(args[3]));
    }

    /** {@code _rebuild_parameter(data, requires_grad, backward_hooks)}: a parameter is just its data here. */
    private static Object rebuildParameter(Object[] args) {
        if (args.length < 1 || !(args[0] instanceof TensorRef)) {
            throw new PickleException("_rebuild_parameter needs a tensor");
        }
        return args[0];
    }

    static long toLong(Object o) {
        if (o instanceof Number n && !(o instanceof Double) && !(o instanceof Float)) {
            return n.longValue();
        }
        throw new PickleException("expected an integer, got " + o);
    }

    private static long[] longs(Object o) {
        Object[] items = o instanceof Object[] a ? a : o instanceof List<?> l ? l.toArray() : null;
        if (items == null) {
            throw new PickleException("expected a tuple of integers, got " + o);
        }
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = toLong(items[i]);
        }
        return out;
    }
}
