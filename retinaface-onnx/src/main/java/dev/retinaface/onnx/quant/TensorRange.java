package dev.retinaface.onnx.quant;

/** The calibrated range of one activation tensor ({@code min <= max}). */
public record TensorRange(float min, float max) {

    public TensorRange {
        if (!(min <= max) || !Float.isFinite(min) || !Float.isFinite(max)) {
            throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
        }
    }

    /** The larger magnitude of the two ends. */
    public float absMax() {
        return Math.max(Math.abs(min), Math.abs(max));
    }
}
