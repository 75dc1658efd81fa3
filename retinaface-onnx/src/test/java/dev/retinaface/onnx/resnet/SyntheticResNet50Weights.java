package dev.retinaface.onnx.resnet;

import dev.retinaface.model.checkpoint.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of {@code ../shared/reference/resnet50_synthetic}, rebuilt by the formula of its README: a 32-bit
 * FNV-1a seed per key, {@code u = ((seed + i * 2654435761) mod 2^32) / 2^32} per element, and a value by the key's
 * last component (computed in double, then rounded to float).
 */
final class SyntheticResNet50Weights {

    private static final long FNV_OFFSET = 0x811C9DC5L;
    private static final long FNV_PRIME = 0x01000193L;
    private static final long STEP = 2654435761L;
    private static final long MASK32 = 0xFFFFFFFFL;
    private static final double TWO_POW_32 = 4294967296.0;

    /** One state-dict entry as the JSON lists it. */
    record Entry(String key, long[] shape, String rule) {
    }

    private SyntheticResNet50Weights() {
    }

    /** The state dict for these entries, in their order. */
    static Map<String, Tensor> build(List<Entry> entries) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Entry e : entries) {
            weights.put(e.key(), tensor(e));
        }
        return weights;
    }

    static long fnv1a(String key) {
        long h = FNV_OFFSET;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h = (h * FNV_PRIME) & MASK32;
        }
        return h;
    }

    private static Tensor tensor(Entry e) {
        long n = 1;
        for (long d : e.shape()) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        if (!"zero".equals(e.rule())) {
            long seed = fnv1a(e.key());
            String last = e.key().substring(e.key().lastIndexOf('.') + 1);
            for (int i = 0; i < v.length; i++) {
                double u = ((seed + i * STEP) & MASK32) / TWO_POW_32;
                v[i] = (float) value(last, e.shape(), u, e.key());
            }
        }
        return new Tensor(e.shape(), v);
    }

    private static double value(String last, long[] shape, double u, String key) {
        switch (last) {
            case "weight":
                if (shape.length == 4) {
                    return (2 * u - 1) * Math.sqrt(6.0 / (shape[1] * shape[2] * shape[3]));
                }
                if (shape.length == 1) {
                    return 0.25 + 0.25 * u;
                }
                break;
            case "bias":
            case "running_mean":
                return (2 * u - 1) * 0.1;
            case "running_var":
                return 0.5 + u;
            default:
                break;
        }
        throw new IllegalArgumentException("no rule for " + key + " of rank " + shape.length);
    }
}
