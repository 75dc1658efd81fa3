package dev.retinaface.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A cursor over the lines of a small text file that knows the current line number, so readers can
 * report problems as {@code file:line: problem}. Numbers are whitespace separated.
 */
public final class TextLines {

    private final Path file;
    private final List<String> lines;
    private int next;

    private TextLines(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads the whole file (UTF-8; the WIDER files are ASCII). */
    public static TextLines read(Path file) throws IOException {
        return new TextLines(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** Whether a line is left. */
    public boolean hasNext() {
        return next < lines.size();
    }

    /** Whether a non-blank line is left (trailing blank lines end a file quietly). */
    public boolean hasMoreContent() {
        for (int i = next; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** The next line, stripped of surrounding whitespace; {@code what} names it in the error at end of file. */
    public String next(String what) {
        if (!hasNext()) {
            throw new MalformedFileException(file, lines.size() + 1, "unexpected end of file, expected " + what);
        }
        return lines.get(next++).strip();
    }

    /** The line after the current one, without consuming it, or null at end of file. */
    public String peek() {
        return hasNext() ? lines.get(next).strip() : null;
    }

    /** 1-based number of the line last returned by {@link #next}. */
    public int lineNumber() {
        return next;
    }

    /** An error about the line last returned. */
    public MalformedFileException error(String problem) {
        return new MalformedFileException(file, lineNumber(), problem);
    }

    /** The whitespace-separated numbers of a line just read. */
    public double[] numbers(String line) {
        if (line.isEmpty()) {
            return new double[0];
        }
        String[] tokens = line.split("\\s+");
        double[] values = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            try {
                values[i] = Double.parseDouble(tokens[i]);
            } catch (NumberFormatException e) {
                throw new MalformedFileException(file, lineNumber(), "'" + tokens[i] + "' is not a number in: " + line, e);
            }
            if (!Double.isFinite(values[i])) {
                throw error("'" + tokens[i] + "' is not a finite number in: " + line);
            }
        }
        return values;
    }

    /** A non-negative integer count on a line of its own. */
    public int count(String line, String what) {
        try {
            int n = Integer.parseInt(line);
            if (n < 0) {
                throw error(what + " is negative: " + line);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new MalformedFileException(file, lineNumber(), "expected " + what + " (an integer), got: " + line, e);
        }
    }
}
