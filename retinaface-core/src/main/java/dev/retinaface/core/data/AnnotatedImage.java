package dev.retinaface.core.data;

import java.util.List;
import java.util.Objects;

/**
 * The annotations of one image.
 *
 * @param relativePath the image path relative to the dataset's image folder, e.g. {@code 0--Parade/0_Parade_marchingband_1_5.jpg};
 *                     it stays inside that folder (see {@link #confinementProblem})
 * @param faces        its faces, in file order (may be empty)
 */
public record AnnotatedImage(String relativePath, List<AnnotatedFace> faces) {

    public AnnotatedImage {
        Objects.requireNonNull(relativePath, "relativePath");
        String problem = confinementProblem(relativePath);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        faces = List.copyOf(faces);
    }

    /**
     * Why {@code path} could leave the image folder it is relative to (absolute, a drive or a {@code ..} part:
     * {@code # ../../../etc/passwd} in a label file), or null when it cannot.
     */
    public static String confinementProblem(String path) {
        String p = path.replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*") || p.indexOf('\0') >= 0) {
            return "image path '" + path + "' is absolute; label paths are relative to the image folder";
        }
        for (String part : p.split("/")) {
            if (part.equals("..")) {
                return "image path '" + path + "' leaves the image folder ('..')";
            }
        }
        return null;
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
