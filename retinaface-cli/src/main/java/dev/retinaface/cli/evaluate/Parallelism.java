package dev.retinaface.cli.evaluate;

/**
 * How the cores are shared while detecting a folder: {@code workers} images in flight at once, each run by its own
 * detector with {@code threadsPerWorker} ONNX Runtime intra-op threads. Memory grows with {@code workers} (one
 * decoded image and one network input per worker), not with the folder size.
 *
 * @param workers          images detected at the same time, at least 1
 * @param threadsPerWorker ONNX Runtime threads of each worker's session, at least 1
 */
public record Parallelism(int workers, int threadsPerWorker) {

    public Parallelism {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (threadsPerWorker < 1) {
            throw new IllegalArgumentException("threads per worker must be at least 1, got " + threadsPerWorker);
        }
    }

    /**
     * The plan for a machine with {@code cores} cores, given what the user fixed (0 = choose).
     *
     * <p>One single-threaded session per core: on 2 cores, 2 workers x 1 thread ran the 257 val images
     * faster than 1 worker x 2 threads (see docs/evaluation.md), since image decoding, resizing and
     * post-processing are single-threaded and overlap with the other worker's network run, and ONNX Runtime
     * parallelises a small network's convolutions poorly.
     */
    public static Parallelism choose(int cores, int workers, int threadsPerWorker) {
        if (workers < 0 || threadsPerWorker < 0) {
            throw new IllegalArgumentException("workers and threads must be >= 0 (0 = automatic), got "
                    + workers + " and " + threadsPerWorker);
        }
        int c = Math.max(1, cores);
        if (workers > 0 && threadsPerWorker > 0) {
            return new Parallelism(workers, threadsPerWorker);
        }
        if (workers > 0) {
            return new Parallelism(workers, Math.max(1, c / workers));
        }
        if (threadsPerWorker > 0) {
            return new Parallelism(Math.max(1, c / threadsPerWorker), threadsPerWorker);
        }
        return new Parallelism(c, 1);
    }

    @Override
    public String toString() {
        return workers + " worker(s) x " + threadsPerWorker + " thread(s)";
    }
}
