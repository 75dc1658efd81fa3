package dev.retinaface.onnx.quant;

import java.util.Locale;

/** How an activation's range is chosen from the values seen on the calibration images. */
public enum CalibrationMethod {
    /** The smallest and largest value seen. */
    MINMAX,
    /** The given percentile of the values at each end (outliers clipped). */
    PERCENTILE,
    /** The clipping threshold whose 128-level quantised distribution is closest (Kullback-Leibler) to the seen one. */
    ENTROPY;

    /** Lower-case name used on the command line, in cache keys and in model metadata. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code minmax}, {@code percentile} or {@code entropy} (any case). */
    public static CalibrationMethod parse(String text) {
        for (CalibrationMethod m : values()) {
            if (m.id().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown calibration method '" + text + "' (minmax, percentile, entropy)");
    }
}
