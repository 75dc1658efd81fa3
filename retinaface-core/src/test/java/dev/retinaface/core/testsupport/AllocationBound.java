package dev.retinaface.core.testsupport;

import org.junit.jupiter.api.function.Executable;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures what a piece of code allocates on the calling thread (HotSpot's per-thread allocation counter), so a
 * test can assert that a hostile file is refused within a fixed memory bound, whatever the fork's -Xmx.
 */
public final class AllocationBound {

    private AllocationBound() {
    }

    /** Runs {@code code} (which may throw: the throwable is returned) and asserts it allocated under {@code maxBytes}. */
    public static Throwable within(long maxBytes, Executable code) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(thread);
        Throwable thrown = null;
        try {
            code.execute();
        } catch (Throwable t) {
            thrown = t;
        }
        long used = bean.getThreadAllocatedBytes(thread) - before;
        assertTrue(used < maxBytes, "allocated " + used + " bytes, bound " + maxBytes);
        return thrown;
    }
}
