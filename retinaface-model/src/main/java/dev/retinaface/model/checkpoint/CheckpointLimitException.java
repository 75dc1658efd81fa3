package dev.retinaface.model.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint that would need more memory than {@link CheckpointLimits} allow (a zip or tensor "bomb", or simply
 * a file far larger than any detector): refused before the memory is taken. The message names the file, the
 * amount asked for and the limit.
 */
public class CheckpointLimitException extends CheckpointException {

    public CheckpointLimitException(Path file, String message) {
        super(file, message);
    }
}
