package dev.retinaface.onnx.quant;

/** The int8 graph cannot be made: no calibration images, an unreadable calibration table, or a failed run. */
public final class QuantizationException extends IllegalStateException {

    public QuantizationException(String message) {
        super(message);
    }

    public QuantizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
