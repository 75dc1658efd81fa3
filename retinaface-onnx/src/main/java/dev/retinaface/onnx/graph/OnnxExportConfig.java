package dev.retinaface.onnx.graph;

/**
 * Options of {@link OnnxGraphBuilder}.
 *
 * @param softmaxScores whether the {@code scores} output holds probabilities (softmax over the last axis,
 *                      as the reference test phase) rather than raw logits
 * @param fuseHeads     whether a level's box, score and landmark heads run as one convolution where the network
 *                      allows it (same input and geometry; the outputs are the same, computed in one pass)
 */
public record OnnxExportConfig(boolean softmaxScores, boolean fuseHeads) {

    /** Scores as probabilities, heads fused. */
    public static OnnxExportConfig defaults() {
        return new OnnxExportConfig(true, true);
    }

    /** Scores as raw logits (for training-side comparisons), heads fused. */
    public static OnnxExportConfig rawLogits() {
        return new OnnxExportConfig(false, true);
    }

    /** The same options with head fusion on or off. */
    public OnnxExportConfig withFusedHeads(boolean fuse) {
        return new OnnxExportConfig(softmaxScores, fuse);
    }
}
