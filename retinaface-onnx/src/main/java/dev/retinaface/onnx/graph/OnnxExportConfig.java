package dev.retinaface.onnx.graph;

/**
 * Options of {@link OnnxGraphBuilder}.
 *
 * @param softmaxScores whether the {@code scores} output holds probabilities (softmax over the last axis,
 *                      as the reference test phase) rather than raw logits
 */
public record OnnxExportConfig(boolean softmaxScores) {

    /** Scores as probabilities. */
    public static OnnxExportConfig defaults() {
        return new OnnxExportConfig(true);
    }

    /** Scores as raw logits (for training-side comparisons). */
    public static OnnxExportConfig rawLogits() {
        return new OnnxExportConfig(false);
    }
}
