package dev.retinaface.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a strided view of a storage whose bytes
 * are read later (in the legacy format they follow the pickle).
 */
record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {

    /**
     * The most values a view may hold beyond its storage's size (stride-0 broadcasts). Saved state dicts never
     * need any; a "tensor bomb" (billions of values over one stored float) is refused by this before allocating.
     */
    static final long MAX_BROADCAST_VALUES = 1 << 16;

    /**
     * Copies the view into a dense row-major {@link Tensor}, honouring offset and strides.
     *
     * @param le   the storage's bytes, little-endian, starting at element 0 of the stored data
     * @param file for error messages
     * @param name for error messages
     * @param budget what the read may still allocate; the dense copy is taken from it
     */
    Tensor materialise(ByteBuffer le, Path file, String name, MemoryBudget budget) throws CheckpointException {
        int rank = size.length;
        if (stride.length != rank) {
            throw new CheckpointFormatException(file, "tensor '" + name + "' has size " + Arrays.toString(size)
                    + " but stride " + Arrays.toString(stride));
        }
        long count = 1;
        long maxIndex = offset;
        try {
            for (int d = 0; d < rank; d++) {
                if (size[d] < 0 || stride[d] < 0) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "' has a negative size or stride");
                }
                count = Math.multiplyExact(count, size[d]);
                if (size[d] > 0) {
                    maxIndex = Math.addExact(maxIndex, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(file, "tensor '" + name + "' (size " + Arrays.toString(size)
                    + ", stride " + Arrays.toString(stride) + ") overflows 64-bit indexing");
        }
        long storageElements = le.capacity() / storage.type().elementSize() - storage.viewOffset();
        long available = Math.min(storage.numel(), storageElements);
        if (count > 0 && (offset < 0 || storage.viewOffset() < 0 || maxIndex >= available)) {
            throw new CheckpointFormatException(file, "tensor '" + name + "' (offset " + offset + ", size "
                    + Arrays.toString(size) + ", stride " + Arrays.toString(stride)
                    + ") reaches beyond its storage of " + Math.max(0, available) + " elements");
        }
        if (count > Math.max(available, MAX_BROADCAST_VALUES)) { // only overlapping views (stride 0) get here
            throw new CheckpointFormatException(file, "tensor '" + name + "' has " + count + " values over a storage of "
                    + available + " elements (overlapping strides " + Arrays.toString(stride) + "); refused");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new CheckpointLimitException(file, "tensor '" + name + "' is too large (" + count + " values)");
        }
        budget.decode(4 * count, "tensor '" + name + "'");
        float[] data = new float[(int) count];
        long[] index = new long[rank];
        long base = storage.viewOffset() + offset;
        for (int i = 0; i < data.length; i++) {
            long at = base;
            for (int d = 0; d < rank; d++) {
                at += index[d] * stride[d];
            }
            data[i] = storage.type().read(le, at);
            for (int d = rank - 1; d >= 0; d--) { // odometer over the row-major index
                if (++index[d] < size[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return new Tensor(size.clone(), data);
    }

    boolean isContiguous() {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }
}
