package dev.retinaface.model.checkpoint;

import java.nio.file.Path;

/**
 * The bytes one read of one checkpoint may still allocate, per kind ({@code stored}: raw file or storage bytes
 * held; {@code decoded}: floats produced), and together at most three quarters of the Java heap. Each allocation
 * asks first, so a bomb is refused before it takes memory.
 */
final class MemoryBudget {

    private final Path file;
    private final CheckpointLimits limits;
    private final long maxStored;
    private final long maxDecoded;
    private final long maxHeap;
    private long stored;
    private long decoded;

    MemoryBudget(Path file, CheckpointLimits limits) {
        this.file = file;
        this.limits = limits;
        this.maxStored = limits.maxBytes() + limits.maxPickleBytes();
        this.maxDecoded = limits.maxBytes();
        this.maxHeap = Runtime.getRuntime().maxMemory() / 4 * 3;
    }

    /** Takes {@code bytes} of raw data for {@code what}, or throws when a limit would be passed. */
    void store(long bytes, String what) throws CheckpointLimitException {
        stored = take(stored, maxStored, bytes, "stored tensor data", what);
    }

    /** Takes {@code bytes} of decoded floats for {@code what}, or throws when a limit would be passed. */
    void decode(long bytes, String what) throws CheckpointLimitException {
        decoded = take(decoded, maxDecoded, bytes, "decoded tensor data", what);
    }

    private long take(long used, long max, long bytes, String kind, String what) throws CheckpointLimitException {
        if (bytes < 0 || bytes > max - used) {
            throw new CheckpointLimitException(file, what + " needs " + CheckpointLimits.mib(bytes) + " more "
                    + kind + " (" + CheckpointLimits.mib(used) + " taken), above " + limits.limitOf(max));
        }
        if (bytes > maxHeap - stored - decoded) {
            throw new CheckpointLimitException(file, what + " needs " + CheckpointLimits.mib(bytes) + " more ("
                    + CheckpointLimits.mib(stored + decoded) + " taken); the Java heap (-Xmx) allows "
                    + CheckpointLimits.mib(maxHeap) + " for a checkpoint");
        }
        return used + bytes;
    }
}
