package dev.retinaface.onnx.runtime;

/**
 * Tunables of an {@link OnnxModelSession}.
 *
 * @param intraOpThreads threads inside one operator (default: available cores)
 * @param interOpThreads threads running independent operators in parallel (default 1: sequential execution)
 * @param useCuda        try the CUDA execution provider; falls back to CPU with a warning when it is missing
 * @param cudaDevice     CUDA device id when {@code useCuda}
 */
public record SessionConfig(int intraOpThreads, int interOpThreads, boolean useCuda, int cudaDevice) {

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

    /** CPU, one intra-op thread per available core, sequential operators. */
    public static SessionConfig defaults() {
        return new SessionConfig(Runtime.getRuntime().availableProcessors(), 1, false, 0);
    }

    public SessionConfig withIntraOpThreads(int threads) {
        return new SessionConfig(threads, interOpThreads, useCuda, cudaDevice);
    }

    /** The same settings with CUDA requested on the given device. */
    public SessionConfig withCuda(int device) {
        return new SessionConfig(intraOpThreads, interOpThreads, true, device);
    }
}
