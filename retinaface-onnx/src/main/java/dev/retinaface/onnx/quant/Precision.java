package dev.retinaface.onnx.quant;

import java.util.Locale;

/** Numeric precision of the inference graph. */
public enum Precision {
    /** Float32 everywhere (the reference). */
    FP32,
    /** Int8 convolutions (QDQ graph calibrated on training images); see {@link QuantizationConfig}. */
    INT8;

    /** Lower-case name ({@code fp32}, {@code int8}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fp32} or {@code int8} (any case). */
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.id().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "' (fp32, int8)");
    }
}
