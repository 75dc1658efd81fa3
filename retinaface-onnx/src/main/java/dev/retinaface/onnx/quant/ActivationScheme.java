package dev.retinaface.onnx.quant;

/** How activations are stored between quantised layers (one scale per tensor). */
public enum ActivationScheme {
    /** uint8 with a zero point: the range [min, max] (widened to hold 0) maps onto 0..255. */
    UINT8_ASYMMETRIC,
    /** int8 with zero point 0: [-a, a] maps onto -127..127. */
    INT8_SYMMETRIC;

    /** ONNX {@code TensorProto.DataType} of the quantised activations. */
    int onnxType() {
        return this == UINT8_ASYMMETRIC ? QdqTensors.UINT8 : QdqTensors.INT8;
    }
}
