package dev.retinaface.core.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (weights, WIDER FACE images, reference outputs) for tests.
 * Order: environment variable {@code RETINAFACE_SHARED} (the user's choice wins), system property
 * {@code retinaface.shared} (set by the build to the project's {@code ../shared}), then {@code ../shared} and
 * {@code ../../shared} from the working folder. A variable that names no folder is not silently replaced:
 * the tests that need the data skip, saying so. Tests that need it skip when it is absent
 * (a user's machine); CI checks it exists before running the tests.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared folder, or skips the calling test when there is none. */
    public static Path root() {
        Path root = find();
        Assumptions.assumeTrue(root != null, System.getenv(VARIABLE) != null
                ? VARIABLE + "=" + System.getenv(VARIABLE) + " is not a folder"
                : "../shared is not present; set " + VARIABLE);
        return root;
    }

    /** A file or folder under the shared folder; skips the test when it is absent. */
    public static Path resolve(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), p + " is not present");
        return p;
    }

    /** Environment variable naming the shared folder; wins over everything else. */
    public static final String VARIABLE = "RETINAFACE_SHARED";
    /** System property naming the shared folder (the build sets it). */
    public static final String PROPERTY = "retinaface.shared";

    private static Path find() {
        return find(System.getenv(VARIABLE), System.getProperty(PROPERTY));
    }

    /** The shared folder chosen from these settings, or {@code null}; see the class comment for the order. */
    static Path find(String variable, String property) {
        if (variable != null && !variable.isBlank()) {
            return existingFolder(variable);
        }
        for (String candidate : new String[] {property, "../shared", "../../shared"}) {
            Path folder = existingFolder(candidate);
            if (folder != null) {
                return folder;
            }
        }
        return null;
    }

    private static Path existingFolder(String candidate) {
        if (candidate == null || candidate.isBlank() || !Files.isDirectory(Path.of(candidate))) {
            return null;
        }
        return Path.of(candidate).toAbsolutePath().normalize();
    }
}
