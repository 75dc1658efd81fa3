package dev.retinaface;

import dev.retinaface.onnx.quant.Precision;
import dev.retinaface.onnx.quant.QuantizationConfig;
import dev.retinaface.onnx.runtime.SessionConfig;

import java.util.Objects;

/**
 * How a {@link FaceModel} runs: threads and device. Immutable; {@link #defaults()} then {@code with*}.
 *
 * @param threads    intra-op threads of the ONNX Runtime session; 0 = one per available core
 * @param cuda       use ONNX Runtime's CUDA provider when the GPU build is on the class path (falls back to the CPU
 *                   with a warning otherwise)
 * @param cudaDevice   CUDA device id
 * @param precision    fp32, or int8: a QDQ graph of the same network whose activation ranges are calibrated on training
 *                     images on first use and cached (see {@code FolderCalibrationImages})
 * @param quantization settings of the int8 graph (calibration method, layers kept in float)
 */
public record RuntimeConfig(int threads, boolean cuda, int cudaDevice, Precision precision,
                            QuantizationConfig quantization) {

    public RuntimeConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be >= 0, got " + cudaDevice);
        }
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(quantization, "quantization");
    }

    /** All cores, CPU. */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig(0, false, 0, Precision.FP32, QuantizationConfig.defaults());
    }

    /** A copy with {@code n} inference threads (0 = all cores). */
    public RuntimeConfig withThreads(int n) {
        return new RuntimeConfig(n, cuda, cudaDevice, precision, quantization);
    }

    /** A copy that asks for the CUDA provider (or not). */
    public RuntimeConfig withCuda(boolean enabled) {
        return new RuntimeConfig(threads, enabled, cudaDevice, precision, quantization);
    }

    /** A copy running the graph at another precision. */
    public RuntimeConfig withPrecision(Precision value) {
        return new RuntimeConfig(threads, cuda, cudaDevice, value, quantization);
    }

    /** A copy with other int8 settings (used when {@link #precision()} is int8). */
    public RuntimeConfig withQuantization(QuantizationConfig value) {
        return new RuntimeConfig(threads, cuda, cudaDevice, precision, value);
    }

    SessionConfig sessionConfig() {
        SessionConfig config = SessionConfig.defaults();
        if (threads > 0) {
            config = config.withIntraOpThreads(threads);
        }
        return cuda ? config.withCuda(cudaDevice) : config;
    }
}
