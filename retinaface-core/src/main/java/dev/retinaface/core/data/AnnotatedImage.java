package dev.retinaface.core.data;

import java.util.List;
import java.util.Objects;

/**
 * The annotations of one image.
 *
 * @param relativePath the image path relative to the dataset's image folder, e.g. {@code 0--Parade/0_Parade_marchingband_1_5.jpg}
 * @param faces        its faces, in file order (may be empty)
 */
public record AnnotatedImage(String relativePath, List<AnnotatedFace> faces) {

    public AnnotatedImage {
        Objects.requireNonNull(relativePath, "relativePath");
        faces = List.copyOf(faces);
    }

    /** The folder part of the path (the WIDER event, e.g. {@code 0--Parade}), or "" when there is none. */
    public String event() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? "" : relativePath.substring(0, slash);
    }

    /** The file name without folder and extension, e.g. {@code 0_Parade_marchingband_1_5}. */
    public String name() {
        String file = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }
}
