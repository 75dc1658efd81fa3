package dev.retinaface.onnx.graph;

/**
 * Folds an inference-mode batch norm into the convolution before it:
 * {@code w' = w * g / sqrt(var + eps)}, {@code b' = beta + (b - mean) * g / sqrt(var + eps)},
 * computed in double and stored as float.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {
    }

    /** Folded convolution parameters. */
    public record Folded(float[] weight, float[] bias) {
    }

    /**
     * @param weight conv weight [out, in/groups, kh, kw], row-major
     * @param bias   conv bias [out], or {@code null} for none
     */
    public static Folded fold(float[] weight, float[] bias, float[] gamma, float[] beta, float[] mean,
                              float[] var, double eps) {
        int out = gamma.length;
        int perChannel = weight.length / out;
        float[] w = new float[weight.length];
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double factor = gamma[o] / Math.sqrt((double) var[o] + eps);
            for (int i = 0; i < perChannel; i++) {
                w[o * perChannel + i] = (float) (weight[o * perChannel + i] * factor);
            }
            double convBias = bias == null ? 0.0 : bias[o];
            b[o] = (float) (beta[o] + (convBias - mean[o]) * factor);
        }
        return new Folded(w, b);
    }
}
