package dev.retinaface.model.arch;

/**
 * Element-wise non-linearity applied after a layer.
 *
 * @param kind  which function
 * @param slope negative slope, used by {@link Kind#LEAKY_RELU} only
 */
public record Activation(Kind kind, float slope) {

    /** The functions the RetinaFace family uses. */
    public enum Kind { NONE, RELU, LEAKY_RELU }

    public static final Activation NONE = new Activation(Kind.NONE, 0f);
    public static final Activation RELU = new Activation(Kind.RELU, 0f);

    /** LeakyReLU with the given negative slope; a slope of 0 is a plain ReLU (as PyTorch computes it). */
    public static Activation leaky(float slope) {
        return slope == 0f ? RELU : new Activation(Kind.LEAKY_RELU, slope);
    }
}
