package dev.retinaface.core.data;

import java.nio.file.Path;

/**
 * A data file (annotations, predictions, ground truth) that does not have the expected format.
 * The message names the file and, for text formats, the 1-based line: {@code path:12: problem}.
 */
public class MalformedFileException extends RuntimeException {

    private final transient Path file;
    private final int line;

    /**
     * @param file    the offending file
     * @param line    1-based line number, or 0 when the problem has no single line (binary formats, whole file)
     * @param problem what is wrong, in words
     */
    public MalformedFileException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The same, with the exception that revealed the problem (a number parser, a MAT decoder). */
    public MalformedFileException(Path file, int line, String problem, Throwable cause) {
        this(file, line, problem);
        initCause(cause);
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is not tied to one line. */
    public int line() {
        return line;
    }
}
