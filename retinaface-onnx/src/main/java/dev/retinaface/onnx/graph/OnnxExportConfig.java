package dev.retinaface.onnx.graph;

/**
 * Options of {@link OnnxGraphBuilder}. None changes the outputs beyond float rounding.
 *
 * @param softmaxScores    whether the {@code scores} output holds probabilities (softmax over the last axis,
 *                         as the reference test phase) rather than raw logits
 * @param fuseHeads        whether a level's box, score and landmark heads run as one convolution where the network
 *                         allows it (same input and geometry; the outputs are the same, computed in one pass)
 * @param channelAlignment pad convolution outputs with zero channels to a multiple of this where only convolutions
 *                         read them (1 = never); the channel block of ONNX Runtime's CPU kernels
 *                         ({@code CpuFeatures.convChannelBlock()}) avoids layout reorders
 */
public record OnnxExportConfig(boolean softmaxScores, boolean fuseHeads, int channelAlignment) {

    public OnnxExportConfig {
        if (channelAlignment < 1) {
            throw new IllegalArgumentException("channelAlignment must be >= 1, got " + channelAlignment);
        }
    }

    /** Scores as probabilities, heads fused, no channel padding (a graph for any machine). */
    public static OnnxExportConfig defaults() {
        return new OnnxExportConfig(true, true, 1);
    }

    /** Scores as raw logits (for training-side comparisons), heads fused, no channel padding. */
    public static OnnxExportConfig rawLogits() {
        return new OnnxExportConfig(false, true, 1);
    }

    /** The same options with head fusion on or off. */
    public OnnxExportConfig withFusedHeads(boolean fuse) {
        return new OnnxExportConfig(softmaxScores, fuse, channelAlignment);
    }

    /** The same options with another channel alignment. */
    public OnnxExportConfig withChannelAlignment(int alignment) {
        return new OnnxExportConfig(softmaxScores, fuseHeads, alignment);
    }
}
