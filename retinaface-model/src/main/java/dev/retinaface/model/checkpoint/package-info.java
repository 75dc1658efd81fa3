/**
 * PyTorch checkpoints without Python: {@link dev.retinaface.model.checkpoint.CheckpointReader} reads legacy and
 * zip {@code .pth} files through an allow-listed unpickler (a checkpoint is data and never runs code),
 * {@link dev.retinaface.model.checkpoint.CheckpointWriter} writes the zip format {@code torch.load} reads, and
 * {@link dev.retinaface.model.checkpoint.WeightCheck} compares a state dict with an architecture.
 */
package dev.retinaface.model.checkpoint;
