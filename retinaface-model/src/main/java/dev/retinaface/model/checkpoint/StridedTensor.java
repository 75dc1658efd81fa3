package dev.retinaface.model.checkpoint;

/**
 * A view into a flat storage with its own offset and strides, for writing checkpoints whose tensors share or
 * skip storage (as PyTorch's do after slicing or transposing). {@link CheckpointWriter} stores each distinct
 * {@code storage} array once.
 */
record StridedTensor(float[] storage, StorageType type, long offset, long[] size, long[] stride) {
}
