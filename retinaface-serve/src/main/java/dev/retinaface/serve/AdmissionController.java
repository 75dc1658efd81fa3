package dev.retinaface.serve;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Admits work by concurrency and by memory: at most {@code workers} detections run at once and their estimated
 * bytes stay within the budget. Up to {@code queueSize} requests wait (until their deadline); past that, and for
 * requests still waiting at their deadline, the answer is 503 with {@code Retry-After} at once. A request that alone
 * needs more than the whole budget is refused with 413. Waiting requests are served in arrival order.
 */
final class AdmissionController {

    private final int workers;
    private final int queueSize;
    private final long budget;
    private int running;
    private int waiting;
    private long reserved;
    private boolean draining;
    /** Waiting requests in arrival order; only the head may take a slot (no starvation). */
    private final java.util.ArrayDeque<Object> waiters = new java.util.ArrayDeque<>();

    AdmissionController(int workers, int queueSize, long budget) {
        this.workers = workers;
        this.queueSize = queueSize;
        this.budget = budget;
    }

    /** A granted slot; closing it gives the slot and its bytes back. */
    final class Permit implements AutoCloseable {
        private final long bytes;
        private boolean closed;

        private Permit(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            synchronized (AdmissionController.this) {
                if (!closed) {
                    closed = true;
                    running--;
                    reserved -= bytes;
                    AdmissionController.this.notifyAll();
                }
            }
        }
    }

    /**
     * Waits for a slot with {@code bytes} of budget until {@code deadlineNanos} ({@link System#nanoTime()} scale).
     *
     * @throws ServiceException 413 when bytes exceed the whole budget, 503 when the queue is full, the deadline
     *                          passes or the service is stopping
     */
    synchronized Permit admit(long bytes, long deadlineNanos) throws InterruptedException {
        if (bytes > budget) {
            throw new ServiceException(413, "image_needs_too_much_memory", String.format(Locale.ROOT,
                    "Processing this image would need about %d MB, more than this service's budget of %d MB; "
                            + "send a smaller image or ask for a smaller resize (for example resize=long:1024).",
                    bytes >> 20, budget >> 20));
        }
        if (draining) {
            throw stopping();
        }
        if (fits(bytes) && waiters.isEmpty()) {
            return grant(bytes);
        }
        if (waiting >= queueSize) {
            throw new ServiceException(503, "overloaded", "The service is busy; try again shortly.", 1);
        }
        Object ticket = new Object();
        waiters.addLast(ticket);
        waiting++;
        try {
            while (waiters.peekFirst() != ticket || !fits(bytes)) {
                long left = deadlineNanos - System.nanoTime();
                if (draining) {
                    throw stopping();
                }
                if (left <= 0) {
                    throw new ServiceException(503, "deadline_exceeded",
                            "The request waited too long for a free worker; try again shortly.", 1);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return grant(bytes);
        } finally {
            waiters.remove(ticket);
            waiting--;
            notifyAll();
        }
    }

    private boolean fits(long bytes) {
        return running < workers && reserved + bytes <= budget;
    }

    private Permit grant(long bytes) {
        running++;
        reserved += bytes;
        return new Permit(bytes);
    }

    /** Refuses new work from now on; running work finishes. */
    synchronized void drain() {
        draining = true;
        notifyAll();
    }

    /** Waits until nothing runs or the time is up; true when idle. */
    synchronized boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        long end = System.nanoTime() + timeoutNanos;
        while (running > 0 || waiting > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting;
    }

    synchronized long reservedBytes() {
        return reserved;
    }

    synchronized boolean saturated() {
        return draining || waiting >= queueSize;
    }

    private static ServiceException stopping() {
        return new ServiceException(503, "shutting_down", "The service is shutting down.", 5);
    }
}
