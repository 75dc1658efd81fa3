package dev.retinaface.model.arch;

import java.util.Objects;

/**
 * One operation of an architecture description. Engines (ONNX graph emitter, DJL training network)
 * interpret these; parameter tensors are named by checkpoint keys so weights map one-to-one.
 */
public sealed interface Layer {

    /** Number of input nodes the layer takes, or -1 for "one or more". */
    int arity();

    /** The image tensor, NCHW float, BGR minus the mean. */
    record Input(int channels) implements Layer {
        public int arity() { return 0; }
    }

    /**
     * 2-D convolution, optionally followed by batch norm and an activation.
     *
     * @param weight    checkpoint key prefix of the convolution ({@code weight + ".weight"}, {@code weight + ".bias"})
     * @param batchNorm checkpoint key prefix of the batch norm that follows, or {@code null} for none
     *                  ({@code .weight .bias .running_mean .running_var}, eps {@link #BN_EPS})
     * @param bias      whether the convolution itself has a bias tensor
     */
    record Conv(String weight, String batchNorm, int inChannels, int outChannels,
                int kernelH, int kernelW, int stride, int padH, int padW, int dilation, int groups,
                boolean bias, Activation activation) implements Layer {
        public static final float BN_EPS = 1e-5f;

        public Conv {
            Objects.requireNonNull(weight, "weight");
            Objects.requireNonNull(activation, "activation");
            if (inChannels % groups != 0 || outChannels % groups != 0) {
                throw new IllegalArgumentException("channels not divisible by groups in " + weight);
            }
        }

        public int arity() { return 1; }

        /** Shape of the convolution weight: [out, in/groups, kh, kw]. */
        public long[] weightShape() {
            return new long[] {outChannels, inChannels / groups, kernelH, kernelW};
        }
    }

    /** Standalone activation. */
    record Activate(Activation activation) implements Layer {
        public int arity() { return 1; }
    }

    /** Element-wise sum of two tensors of the same shape. */
    record Add() implements Layer {
        public int arity() { return 2; }
    }

    /** Multiplication by a constant. */
    record Scale(float factor) implements Layer {
        public int arity() { return 1; }
    }

    /** Concatenation along the channel axis (NCHW axis 1). */
    record ConcatChannels() implements Layer {
        public int arity() { return -1; }
    }

    /** Max pooling, square window (PyTorch semantics, floor mode). */
    record MaxPool(int kernel, int stride, int padding) implements Layer {
        public int arity() { return 1; }
    }

    /**
     * Nearest-neighbour resize of input 0 to the spatial size of input 1 (PyTorch
     * {@code F.interpolate(x, size=[h, w], mode="nearest")}: source index = floor(dst * in / out)).
     */
    record UpsampleNearestLike() implements Layer {
        public int arity() { return 2; }
    }

    /** NCHW head output to (N, H*W*A, valuesPerAnchor): permute to NHWC then reshape. */
    record HeadReshape(int valuesPerAnchor) implements Layer {
        public int arity() { return 1; }
    }

    /** Concatenation of per-level (N, Ai, k) tensors along the anchor axis 1. */
    record ConcatAnchors() implements Layer {
        public int arity() { return -1; }
    }
}
