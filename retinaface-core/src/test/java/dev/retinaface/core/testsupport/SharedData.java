package dev.retinaface.core.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (weights, WIDER FACE images, reference outputs) for tests.
 * Order: system property {@code retinaface.shared} (set by the build), environment variable
 * {@code RETINAFACE_SHARED}, then {@code ../shared}. Tests that need it skip when it is absent
 * (a user's machine); CI checks it exists before running the tests.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared folder, or skips the calling test when there is none. */
    public static Path root() {
        Path root = find();
        Assumptions.assumeTrue(root != null, "../shared is not present; set RETINAFACE_SHARED");
        return root;
    }

    /** A file or folder under the shared folder; skips the test when it is absent. */
    public static Path resolve(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), p + " is not present");
        return p;
    }

    private static Path find() {
        for (String candidate : new String[] {System.getProperty("retinaface.shared"), System.getenv("RETINAFACE_SHARED"), "../shared", "../../shared"}) {
            if (candidate != null && !candidate.isBlank() && Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate).toAbsolutePath().normalize();
            }
        }
        return null;
    }
}
