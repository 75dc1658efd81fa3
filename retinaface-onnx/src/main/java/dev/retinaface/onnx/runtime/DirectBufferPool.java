package dev.retinaface.onnx.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Reusable direct, native-order float buffers for network inputs and outputs. ONNX Runtime reads such a buffer in place, where a
 * {@code float[]} would be copied into a freshly allocated direct buffer on every run; reusing them also spares the
 * garbage collector a multi-megabyte allocation per image. Thread-safe; each borrowed buffer has one user until it
 * is given back.
 *
 * <p>At most {@code maxPooled} idle buffers are kept, so memory held between runs is bounded by that many inputs of
 * the largest size seen. Direct memory is returned to the system when a dropped buffer is garbage collected.
 */
public final class DirectBufferPool {

    private final int maxPooled;
    private final ArrayDeque<FloatBuffer> idle = new ArrayDeque<>();

    /** A pool keeping at most {@code maxPooled} idle buffers. */
    public DirectBufferPool(int maxPooled) {
        if (maxPooled < 0) {
            throw new IllegalArgumentException("maxPooled must be >= 0, got " + maxPooled);
        }
        this.maxPooled = maxPooled;
    }

    /**
     * A direct buffer with room for at least {@code floats} values, position 0 and limit {@code floats}. Its contents
     * are whatever the previous user left: the caller overwrites all of {@code [0, floats)}.
     */
    public FloatBuffer borrow(int floats) {
        if (floats < 0) {
            throw new IllegalArgumentException("buffer size must be >= 0, got " + floats);
        }
        synchronized (idle) {
            // best fit: a small request must not take the large buffer a large one would reuse
            FloatBuffer best = null;
            for (FloatBuffer candidate : idle) {
                if (candidate.capacity() >= floats && (best == null || candidate.capacity() < best.capacity())) {
                    best = candidate;
                }
            }
            if (best != null) {
                removeSame(best);
                return best.clear().limit(floats);
            }
        }
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** Gives a borrowed buffer back; when the pool is full the smallest idle buffer is dropped. */
    public void release(FloatBuffer buffer) {
        if (buffer == null || !buffer.isDirect() || maxPooled == 0) {
            return;
        }
        synchronized (idle) {
            idle.addFirst(buffer);
            while (idle.size() > maxPooled) {
                FloatBuffer smallest = idle.peekFirst();
                for (FloatBuffer b : idle) {
                    if (b.capacity() < smallest.capacity()) {
                        smallest = b;
                    }
                }
                removeSame(smallest);
            }
        }
    }

    // by identity: FloatBuffer.equals compares contents, so two idle buffers holding the same values would be confused
    private void removeSame(FloatBuffer buffer) {
        for (Iterator<FloatBuffer> it = idle.iterator(); it.hasNext(); ) {
            if (it.next() == buffer) {
                it.remove();
                return;
            }
        }
    }

    /** Number of idle buffers held now. */
    public int idleCount() {
        synchronized (idle) {
            return idle.size();
        }
    }
}
