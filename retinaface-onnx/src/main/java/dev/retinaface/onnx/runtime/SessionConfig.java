package dev.retinaface.onnx.runtime;

/**
 * Tunables of an {@link OnnxModelSession}.
 *
 * @param intraOpThreads threads inside one operator (default: available cores)
 * @param interOpThreads threads running independent operators in parallel (default 1: sequential execution)
 * @param useCuda        try the CUDA execution provider; falls back to CPU with a warning when it is missing
 * @param cudaDevice     CUDA device id when {@code useCuda}
 * @param allowSpinning  whether idle intra-op worker threads busy-wait for the next job (ONNX Runtime's own default)
 *                       instead of sleeping; default false: spinning threads take cores from the thread that has
 *                       work when cores are shared (2 threads on a loaded 2-core machine: about 25% slower runs)
 */
public record SessionConfig(int intraOpThreads, int interOpThreads, boolean useCuda, int cudaDevice,
                            boolean allowSpinning) {

    public SessionConfig {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
        if (interOpThreads < 1) {
            throw new IllegalArgumentException("interOpThreads must be >= 1, got " + interOpThreads);
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be >= 0, got " + cudaDevice);
        }
    }

    /** The given settings, worker threads not spinning. */
    public SessionConfig(int intraOpThreads, int interOpThreads, boolean useCuda, int cudaDevice) {
        this(intraOpThreads, interOpThreads, useCuda, cudaDevice, false);
    }

    /** CPU, one intra-op thread per available core, sequential operators, no spinning. */
    public static SessionConfig defaults() {
        return new SessionConfig(Runtime.getRuntime().availableProcessors(), 1, false, 0, false);
    }

    public SessionConfig withIntraOpThreads(int threads) {
        return new SessionConfig(threads, interOpThreads, useCuda, cudaDevice, allowSpinning);
    }

    /** The same settings with CUDA requested on the given device. */
    public SessionConfig withCuda(int device) {
        return new SessionConfig(intraOpThreads, interOpThreads, true, device, allowSpinning);
    }

    /** The same settings with worker-thread spinning on or off. */
    public SessionConfig withSpinning(boolean spin) {
        return new SessionConfig(intraOpThreads, interOpThreads, useCuda, cudaDevice, spin);
    }
}
