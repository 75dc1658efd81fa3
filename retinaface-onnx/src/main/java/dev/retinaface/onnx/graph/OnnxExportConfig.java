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
 * @param inputSize        {@code null} for a dynamic graph (batch, height and width symbolic, upsampling sizes
 *                         read from the tensors at run time); otherwise a static graph for this size and batch 1:
 *                         every shape is fixed and the upsampling sizes are constants, so that runtimes without
 *                         dynamic shapes (OpenCV DNN, many accelerators) load it
 */
public record OnnxExportConfig(boolean softmaxScores, boolean fuseHeads, int channelAlignment, InputSize inputSize) {

    public OnnxExportConfig {
        if (channelAlignment < 1) {
            throw new IllegalArgumentException("channelAlignment must be >= 1, got " + channelAlignment);
        }
    }

    /** Options for a dynamic graph. */
    public OnnxExportConfig(boolean softmaxScores, boolean fuseHeads, int channelAlignment) {
        this(softmaxScores, fuseHeads, channelAlignment, null);
    }

    /** Whether the graph has a fixed input size ({@link #inputSize()} is set). */
    public boolean isStatic() {
        return inputSize != null;
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
        return new OnnxExportConfig(softmaxScores, fuse, channelAlignment, inputSize);
    }

    /** The same options with another channel alignment. */
    public OnnxExportConfig withChannelAlignment(int alignment) {
        return new OnnxExportConfig(softmaxScores, fuseHeads, alignment, inputSize);
    }

    /** The same options for a static graph of this input size (batch 1); {@code null} for a dynamic graph. */
    public OnnxExportConfig withInputSize(InputSize size) {
        return new OnnxExportConfig(softmaxScores, fuseHeads, channelAlignment, size);
    }
}
