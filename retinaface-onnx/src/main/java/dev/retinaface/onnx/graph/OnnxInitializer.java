package dev.retinaface.onnx.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A constant tensor of the graph (a {@code TensorProto} with {@code raw_data}, little-endian).
 *
 * @param dataType {@code TensorProto.DataType} number ({@link #FLOAT} or {@link #INT64})
 */
public record OnnxInitializer(String name, long[] dims, int dataType, byte[] rawData) {

    public static final int FLOAT = 1;
    public static final int INT64 = 7;

    /** A float tensor of the given shape. */
    public static OnnxInitializer floats(String name, long[] dims, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return new OnnxInitializer(name, dims.clone(), FLOAT, buf.array());
    }

    /** A one-dimensional int64 tensor. */
    public static OnnxInitializer longs(String name, long... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return new OnnxInitializer(name, new long[] {values.length}, INT64, buf.array());
    }
}
