package dev.retinaface.onnx.runtime;

/** ONNX Runtime refused to load or run a model; the message says which and why. */
public class OnnxInferenceException extends RuntimeException {
    public OnnxInferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    public OnnxInferenceException(String message) {
        super(message);
    }
}
