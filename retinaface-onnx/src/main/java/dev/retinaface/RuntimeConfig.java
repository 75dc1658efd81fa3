package dev.retinaface;

import dev.retinaface.onnx.runtime.SessionConfig;

/**
 * How a {@link FaceModel} runs: threads and device. Immutable; {@link #defaults()} then {@code with*}.
 *
 * @param threads    intra-op threads of the ONNX Runtime session; 0 = one per available core
 * @param cuda       use ONNX Runtime's CUDA provider when the GPU build is on the class path (falls back to the CPU
 *                   with a warning otherwise)
 * @param cudaDevice CUDA device id
 */
public record RuntimeConfig(int threads, boolean cuda, int cudaDevice) {

    public RuntimeConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be >= 0, got " + cudaDevice);
        }
    }

    /** All cores, CPU. */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig(0, false, 0);
    }

    /** A copy with {@code n} inference threads (0 = all cores). */
    public RuntimeConfig withThreads(int n) {
        return new RuntimeConfig(n, cuda, cudaDevice);
    }

    /** A copy that asks for the CUDA provider (or not). */
    public RuntimeConfig withCuda(boolean enabled) {
        return new RuntimeConfig(threads, enabled, cudaDevice);
    }

    SessionConfig sessionConfig() {
        SessionConfig config = SessionConfig.defaults();
        if (threads > 0) {
            config = config.withIntraOpThreads(threads);
        }
        return cuda ? config.withCuda(cudaDevice) : config;
    }
}
