package dev.retinaface.model.checkpoint;

/**
 * How much a checkpoint may make {@link CheckpointReader} allocate. Every amount is checked before the memory is
 * taken, so a hostile file fails fast with a {@link CheckpointLimitException} instead of an
 * {@code OutOfMemoryError}.
 *
 * @param maxBytes       the most bytes of tensor data, counted twice over: as stored (the raw bytes of every
 *                       storage read: a legacy file's whole size, a zip archive's uncompressed entries) and as
 *                       decoded (4 bytes per float of every tensor produced)
 * @param maxPickleBytes the most bytes of the pickled object ({@code data.pkl}); real ones are a few hundred kB
 */
public record CheckpointLimits(long maxBytes, long maxPickleBytes) {

    /** 1 GiB: the ResNet-50 detector is 105 MB, a training checkpoint with momentum about twice that. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** 64 MiB of pickle. */
    public static final long DEFAULT_MAX_PICKLE_BYTES = 64L << 20;

    /** The defaults: {@link #DEFAULT_MAX_BYTES}, {@link #DEFAULT_MAX_PICKLE_BYTES}. */
    public static final CheckpointLimits DEFAULT = new CheckpointLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PICKLE_BYTES);

    public CheckpointLimits {
        if (maxBytes <= 0 || maxPickleBytes <= 0) {
            throw new IllegalArgumentException("checkpoint limits must be positive: " + maxBytes + ", " + maxPickleBytes);
        }
    }

    /**
     * Limits tied to an architecture of {@code parameters} trainable values: room for the weights, the batch-norm
     * statistics and an optimizer's momentum (4 floats per parameter) plus 16 MiB, never more than the default.
     */
    public static CheckpointLimits forParameters(long parameters) {
        long bytes = Math.min(DEFAULT_MAX_BYTES, 16L * Math.max(0, parameters) + (16L << 20));
        return new CheckpointLimits(bytes, DEFAULT_MAX_PICKLE_BYTES);
    }

    static String mib(long bytes) {
        return bytes >= (1L << 20) ? String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20))
                : bytes + " bytes";
    }
}
