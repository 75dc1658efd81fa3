package dev.retinaface.model.checkpoint;

import java.util.Arrays;

/**
 * A dense float tensor read from (or written to) a checkpoint, row-major (C order).
 *
 * @param shape dimensions; empty for a scalar
 * @param data  values, {@code product(shape)} of them
 */
public record Tensor(long[] shape, float[] data) {

    public Tensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    public long size() {
        return data.length;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
