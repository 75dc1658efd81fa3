package dev.retinaface.model.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint whose bytes are not a well-formed PyTorch checkpoint: truncated, corrupt, inconsistent (a tensor
 * reaching outside its storage), or naming a Python global outside the allow-list. The message names the file.
 */
public class CheckpointFormatException extends CheckpointException {

    public CheckpointFormatException(Path file, String message) {
        super(file, message);
    }

    public CheckpointFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
