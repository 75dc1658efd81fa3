package dev.retinaface.model.checkpoint;

import java.nio.file.Path;

/** A checkpoint whose state dict does not fit the architecture it is loaded into. */
public class WeightMismatchException extends CheckpointException {

    private final transient WeightCheck check;

    public WeightMismatchException(Path file, WeightCheck check) {
        super(file, check.describe());
        this.check = check;
    }

    /** The full comparison, with every name. */
    public WeightCheck check() {
        return check;
    }
}
