package dev.retinaface.core.anchors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A small, thread-safe, least-recently-used cache of {@link PriorBoxes#generate} results, keyed by
 * (config, height, width). Video and fixed-size batches reuse one input size, so generating the grid once
 * saves work on every frame.
 *
 * <p>The arrays returned are shared between callers: treat them as read-only.
 */
public final class PriorCache {

    private record Key(PriorConfig config, int height, int width) {
    }

    private final int capacity;
    private final Map<Key, float[]> entries;

    /** A cache holding at most {@code capacity} grids. */
    public PriorCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, float[]> eldest) {
                return size() > PriorCache.this.capacity;
            }
        };
    }

    /** A cache of 8 grids. */
    public PriorCache() {
        this(8);
    }

    /** The anchors of {@code height x width} (shared array: do not modify). */
    public float[] get(PriorConfig config, int height, int width) {
        Key key = new Key(Objects.requireNonNull(config, "config"), height, width);
        synchronized (entries) {
            float[] cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // generate outside the lock: two threads may both build the same grid, which is harmless
        float[] priors = PriorBoxes.generate(config, height, width);
        synchronized (entries) {
            float[] raced = entries.putIfAbsent(key, priors);
            return raced != null ? raced : priors;
        }
    }

    /** Number of grids held now. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Maximum number of grids held. */
    public int capacity() {
        return capacity;
    }
}
