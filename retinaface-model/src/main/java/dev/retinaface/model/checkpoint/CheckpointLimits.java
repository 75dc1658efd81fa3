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
 * @param basis          what {@code maxBytes} was sized for, worded after the limit in messages (e.g. {@code "for
 *                       network mobilenet0.25 (426608 parameters)"}); empty for a plain limit
 */
public record CheckpointLimits(long maxBytes, long maxPickleBytes, String basis) {

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
        basis = basis == null ? "" : basis.strip();
    }

    /** Plain limits, with no basis named in messages. */
    public CheckpointLimits(long maxBytes, long maxPickleBytes) {
        this(maxBytes, maxPickleBytes, "");
    }

    /** 8 MiB of pickle for a known architecture: its state dict, even with momentum, pickles to a few hundred kB. */
    public static final long ARCHITECTURE_MAX_PICKLE_BYTES = 8L << 20;

    /**
     * Limits tied to an architecture of {@code parameters} trainable values: room for the weights, the batch-norm
     * statistics and an optimizer's momentum (4 floats per parameter) plus 16 MiB, never more than the default;
     * {@link #ARCHITECTURE_MAX_PICKLE_BYTES} of pickle.
     */
    public static CheckpointLimits forParameters(long parameters) {
        return forParameters(parameters, "for " + Math.max(0, parameters) + " parameters");
    }

    /**
     * {@link #forParameters(long)} for {@code network}: a checkpoint holding far more tensor data than the
     * network has parameters (a bomb, or another model's file) is refused before it is read, and the message
     * names the network.
     */
    public static CheckpointLimits forNetwork(dev.retinaface.model.arch.Network network) {
        long parameters = network.parameterCount();
        return forParameters(parameters, "for network " + network.name() + " (" + parameters + " parameters)");
    }

    private static CheckpointLimits forParameters(long parameters, String basis) {
        long bytes = Math.min(DEFAULT_MAX_BYTES, 16L * Math.max(0, parameters) + (16L << 20));
        return new CheckpointLimits(bytes, ARCHITECTURE_MAX_PICKLE_BYTES, basis);
    }

    /** {@code "the limit of 22.5 MiB for network …"}: {@code max} (a bound derived from these limits) and the basis. */
    String limitOf(long max) {
        return "the limit of " + mib(max) + (basis.isEmpty() ? "" : " " + basis);
    }

    static String mib(long bytes) {
        return bytes >= (1L << 20) ? String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20))
                : bytes + " bytes";
    }
}
