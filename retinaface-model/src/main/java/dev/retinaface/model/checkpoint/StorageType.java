package dev.retinaface.model.checkpoint;

import java.nio.ByteBuffer;

/**
 * The PyTorch storage classes this reader understands, each decoded to {@code float}.
 * Integer storages (in practice only batch-norm {@code num_batches_tracked} counters) are kept as float tensors:
 * exact up to 2^24, which is plenty for counters nobody computes with.
 */
enum StorageType {
    FLOAT("FloatStorage", 4),
    DOUBLE("DoubleStorage", 8),
    HALF("HalfStorage", 2),
    BFLOAT16("BFloat16Storage", 2),
    LONG("LongStorage", 8),
    INT("IntStorage", 4);

    private final String pickleName;
    private final int elementSize;

    StorageType(String pickleName, int elementSize) {
        this.pickleName = pickleName;
        this.elementSize = elementSize;
    }

    /** Class name under module {@code torch}, e.g. {@code FloatStorage}. */
    String pickleName() {
        return pickleName;
    }

    int elementSize() {
        return elementSize;
    }

    /** The type named {@code torch.<name>}, or null when unsupported. */
    static StorageType byPickleName(String name) {
        for (StorageType t : values()) {
            if (t.pickleName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Element {@code index} of a little-endian buffer holding this storage. */
    float read(ByteBuffer le, long index) {
        int at = Math.toIntExact(index * elementSize);
        return switch (this) {
            case FLOAT -> le.getFloat(at);
            case DOUBLE -> (float) le.getDouble(at);
            case HALF -> halfToFloat(le.getShort(at));
            case BFLOAT16 -> Float.intBitsToFloat((le.getShort(at) & 0xffff) << 16);
            case LONG -> (float) le.getLong(at);
            case INT -> (float) le.getInt(at);
        };
    }

    /** IEEE 754 binary16 to binary32 (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float value = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
