package dev.retinaface.onnx.graph;

/** The weights given for a network do not match its parameter list (missing, unexpected or mis-shaped tensors). */
public class InvalidWeightsException extends IllegalArgumentException {
    public InvalidWeightsException(String message) {
        super(message);
    }
}
