package dev.retinaface.onnx.quant;

import dev.retinaface.onnx.graph.OnnxInitializer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Quantisation arithmetic and the initializers of QuantizeLinear / DequantizeLinear. */
final class QdqTensors {

    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT32 = 6;

    /** Smallest scale used (a range of zero width would otherwise give a zero scale). */
    private static final float MIN_SCALE = 1e-8f;

    static final int WEIGHT_LEVELS = Integer.getInteger("retinaface.int8.weightLevels", 127);

    private QdqTensors() {
    }

    /** Per-tensor activation parameters: scale and zero point (0..255 for uint8, 0 for symmetric int8). */
    record Params(float scale, int zeroPoint) {
    }

    /** The activation parameters of a range under a scheme (the range is widened to include 0). */
    static Params activation(TensorRange range, ActivationScheme scheme) {
        if (scheme == ActivationScheme.INT8_SYMMETRIC) {
            return new Params(Math.max(range.absMax() / 127f, MIN_SCALE), 0);
        }
        float lo = Math.min(0f, range.min());
        float hi = Math.max(0f, range.max());
        float scale = Math.max((hi - lo) / 255f, MIN_SCALE);
        int zp = Math.round(-lo / scale);
        return new Params(scale, Math.max(0, Math.min(255, zp)));
    }

    /** Symmetric per-channel weight scales: max |w| of each output channel / 127 (1 for an all-zero channel). */
    static float[] channelScales(float[] w, int channels) {
        int per = w.length / channels;
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            float m = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                m = Math.max(m, Math.abs(w[i]));
            }
            scales[c] = m == 0 ? 1f : m / WEIGHT_LEVELS;
        }
        return scales;
    }

    /** Weights rounded to int8 with per-channel scales (round half to even, clamped to -127..127). */
    static byte[] quantizeWeights(float[] w, float[] scales) {
        int per = w.length / scales.length;
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            long v = (long) Math.rint(w[i] / scales[i / per]);
            q[i] = (byte) Math.max(-WEIGHT_LEVELS, Math.min(WEIGHT_LEVELS, v));
        }
        return q;
    }

    /** Bias as int32 at scale {@code inputScale * weightScale[c]} (the scale of the int32 accumulator). */
    static int[] quantizeBias(float[] b, float[] biasScales) {
        int[] q = new int[b.length];
        for (int c = 0; c < b.length; c++) {
            double v = Math.rint(b[c] / (double) biasScales[c]);
            q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return q;
    }

    static OnnxInitializer scalarFloat(String name, float v) {
        return OnnxInitializer.floats(name, new long[0], new float[] {v});
    }

    static OnnxInitializer floats(String name, float[] v) {
        return OnnxInitializer.floats(name, new long[] {v.length}, v);
    }

    static OnnxInitializer zeroPoint(String name, int type, int value) {
        return new OnnxInitializer(name, new long[0], type, new byte[] {(byte) value});
    }

    static OnnxInitializer bytes(String name, long[] dims, int type, byte[] values) {
        return new OnnxInitializer(name, dims.clone(), type, values.clone());
    }

    static OnnxInitializer ints(String name, int[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(values);
        return new OnnxInitializer(name, new long[] {values.length}, INT32, buf.array());
    }

    /** Reads a float initializer's values back. */
    static float[] floatValues(OnnxInitializer init) {
        if (init.dataType() != OnnxInitializer.FLOAT) {
            throw new IllegalArgumentException(init.name() + " is not a float tensor");
        }
        float[] v = new float[init.rawData().length / Float.BYTES];
        ByteBuffer.wrap(init.rawData()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
