package dev.retinaface.eval.run;

import dev.retinaface.eval.widerface.WiderImageId;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of a WIDER FACE images folder.
 *
 * @param id   event folder and file name without extension
 * @param file the image file
 */
public record WiderImage(WiderImageId id, Path file) {

    public WiderImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
    }
}
