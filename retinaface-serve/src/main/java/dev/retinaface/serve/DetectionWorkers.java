package dev.retinaface.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that decode and detect, apart from Jetty's HTTP threads: a fixed pool of one thread per admitted
 * detection, each lowered to a CPU niceness (Linux: {@code renice} on the thread's own id, once at its start).
 * Detection is CPU-bound and runs for hundreds of milliseconds; at a lower priority it yields the cores to the HTTP
 * threads and the garbage collector, so {@code /health}, {@code /ready}, 503 answers and body reads stay fast while
 * every worker is busy. Where the niceness cannot be set (not Linux, no {@code renice}) the workers run at normal
 * priority and the service works as before. See {@link ThreadNiceness}.
 */
final class DetectionWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DetectionWorkers.class);

    private final ExecutorService pool;
    private final int niceness;
    private final AtomicInteger lowered = new AtomicInteger();

    /**
     * @param threads  worker threads (the admission controller never runs more detections at once)
     * @param niceness CPU niceness of the workers, 0 (as the HTTP threads) to 19 (lowest)
     */
    DetectionWorkers(int threads, int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("worker niceness must be 0..19");
        }
        this.niceness = niceness;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                lower();
                r.run();
            }, "retinaface-detect-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code job} on a worker and waits for it; its unchecked exceptions reach the caller unchanged. */
    <T> T call(Callable<T> job) throws InterruptedException {
        Future<T> future = pool.submit(job);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("detection failed", cause);
        }
    }

    /** Workers whose niceness was set so far (for tests and logs). */
    int lowered() {
        return lowered.get();
    }

    private void lower() {
        if (ThreadNiceness.lowerCurrentThread(niceness)) {
            lowered.incrementAndGet();
        } else {
            LOG.debug("detection worker {} runs at normal priority (renice unavailable)",
                    Thread.currentThread().getName());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
