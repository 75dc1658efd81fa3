package dev.retinaface.model.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** Placeholder until the zip reader lands. */
final class ZipFormat {
    private ZipFormat() {
    }

    static Checkpoint read(Path file, byte[] bytes) throws IOException {
        throw new CheckpointException(file, "zip checkpoints are not supported yet");
    }
}
