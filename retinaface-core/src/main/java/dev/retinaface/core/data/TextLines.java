package dev.retinaface.core.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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

    /** The largest text data file read: 64 MiB (the largest WIDER annotation file is under 7 MB). */
    public static final long MAX_BYTES = 64L << 20;

    /**
     * Reads the whole file (UTF-8; the WIDER files are ASCII).
     *
     * @throws MalformedFileException when the file is larger than {@link #MAX_BYTES} or is not UTF-8 text
     */
    public static TextLines read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new MalformedFileException(file, 0, "is " + size + " bytes, larger than the " + (MAX_BYTES >> 20)
                    + " MiB limit for a text data file");
        }
        try {
            return new TextLines(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            throw new MalformedFileException(file, 0, "is not UTF-8 text", e);
        }
    }

    /** Lines not yet read (blank ones included). */
    public int remaining() {
        return lines.size() - next;
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

    /**
     * A count of items that take one line each and follow this line: non-negative and at most the lines left,
     * so a hostile count can neither size an array nor run past the end of the file.
     */
    public int countOfLines(String line, String what) {
        int n = count(line, what);
        if (n > remaining()) {
            throw error(what + " is " + n + " but only " + remaining() + " lines follow");
        }
        return n;
    }
}
