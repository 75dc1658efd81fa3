package dev.retinaface.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One scratch file per fuzz target, rewritten with each input, for readers that take a {@link Path}. The folder
 * is deleted when the JVM exits.
 */
public final class FuzzFiles {

    private final Path file;

    /** A scratch file named {@code name}, folders allowed (the name matters to readers that choose a format by it). */
    public FuzzFiles(String name) {
        try {
            Path dir = Files.createTempDirectory("retinaface-fuzz");
            dir.toFile().deleteOnExit();
            file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scratch file, now holding {@code bytes}. */
    public Path with(byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
