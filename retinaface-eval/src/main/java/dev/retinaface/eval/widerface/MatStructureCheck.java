package dev.retinaface.eval.widerface;

import dev.retinaface.core.data.MalformedFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks the element structure of a MATLAB v5 file before mfl-core reads it, because mfl-core allocates what tags
 * declare (found by fuzzing: a 370-byte file made it allocate gigabytes). Every element must fit in its container,
 * compressed elements may inflate to at most {@link #MAX_INFLATED_BYTES} in all, arrays may hold no more elements
 * than their bytes could store, and only the array classes ground truth uses are accepted (cell, char, numeric).
 */
final class MatStructureCheck {

    /** The largest .mat file read (the WIDER ones are about 0.4 MB). */
    static final long MAX_FILE_BYTES = 64L << 20;
    /** The most bytes compressed elements may inflate to, together. */
    static final long MAX_INFLATED_BYTES = 256L << 20;

    private static final int HEADER = 128;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;
    private static final int MAX_DEPTH = 32;

    private final Path file;
    private long inflated;

    private MatStructureCheck(Path file) {
        this.file = file;
    }

    /** Throws {@link MalformedFileException} naming the first structural problem of {@code file}. */
    static void check(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new MalformedFileException(file, 0, "is " + size + " bytes, larger than the " + (MAX_FILE_BYTES >> 20)
                    + " MiB limit for a ground truth .mat file");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER) {
            throw new MalformedFileException(file, 0, "cannot be read as a MATLAB v5 file: " + bytes.length + " bytes, shorter than its header");
        }
        ByteOrder order = bytes[126] == 'I' && bytes[127] == 'M' ? ByteOrder.LITTLE_ENDIAN
                : bytes[126] == 'M' && bytes[127] == 'I' ? ByteOrder.BIG_ENDIAN : null;
        if (order == null) {
            throw new MalformedFileException(file, 0, "cannot be read as a MATLAB v5 file: no byte-order mark at byte 126");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, HEADER, bytes.length - HEADER).slice().order(order);
        new MatStructureCheck(file).elements(body, 0, false);
    }

    /** A sequence of elements filling {@code b}; inside a cell every element is an array. */
    private void elements(ByteBuffer b, int depth, boolean arraysOnly) {
        if (depth > MAX_DEPTH) {
            throw problem("arrays nested deeper than " + MAX_DEPTH);
        }
        while (b.remaining() >= 8) {
            int first = b.getInt();
            if ((first >>> 16) != 0) { // small element: type and size in one word, data in the next
                if ((first >>> 16) > 4) {
                    throw problem("small data element declares " + (first >>> 16) + " bytes (at most 4)");
                }
                b.getInt();
                if (arraysOnly) {
                    throw problem("a cell holds a non-array element");
                }
                continue;
            }
            int type = first;
            long n = b.getInt() & 0xffffffffL;
            if (n > b.remaining()) {
                throw problem("an element of type " + type + " declares " + n + " bytes, " + b.remaining() + " left");
            }
            ByteBuffer content = b.slice().order(b.order());
            content.limit((int) n);
            b.position(b.position() + (int) n);
            if (type == MI_COMPRESSED) {
                elements(inflate(content), depth + 1, arraysOnly);
            } else {
                if (type == MI_MATRIX) {
                    array(content, depth);
                } else if (arraysOnly) {
                    throw problem("a cell holds an element of type " + type + ", not an array");
                }
                int pad = (int) ((8 - n % 8) % 8);
                b.position(Math.min(b.limit(), b.position() + pad));
            }
        }
    }

    /** An miMATRIX body: flags, dimensions, name, then class-specific parts. */
    private void array(ByteBuffer b, int depth) {
        if (!b.hasRemaining()) {
            return; // an empty array
        }
        ByteBuffer flags = subelement(b, "array flags");
        if (flags.remaining() < 4) {
            throw problem("array flags of " + flags.remaining() + " bytes");
        }
        int arrayClass = flags.getInt(0) & 0xff;
        boolean cell = arrayClass == 1;
        if (!(cell || arrayClass == 4 || (arrayClass >= 6 && arrayClass <= 15))) {
            throw problem("array class " + arrayClass + " (struct, object, sparse or function) is not used by the "
                    + "ground truth");
        }
        ByteBuffer dims = subelement(b, "dimensions");
        long count = 1;
        while (dims.remaining() >= 4) {
            int d = dims.getInt();
            if (d < 0) {
                throw problem("negative array dimension " + d);
            }
            count = Math.min(Long.MAX_VALUE / 2, count * d);
        }
        long room = b.remaining(); // each element needs at least one byte (a cell element at least 8)
        if (count > room) {
            throw problem("an array of " + count + " elements in " + room + " bytes");
        }
        subelement(b, "array name");
        elements(b.slice().order(b.order()), depth + 1, cell);
    }

    /** The next element of an array body (small or normal), as a buffer of its data. */
    private ByteBuffer subelement(ByteBuffer b, String what) {
        if (b.remaining() < 8) {
            throw problem("array without its " + what);
        }
        int first = b.getInt();
        if ((first >>> 16) != 0) {
            int n = Math.min(4, first >>> 16);
            ByteBuffer data = b.slice().order(b.order());
            data.limit(n);
            b.getInt();
            return data;
        }
        long n = b.getInt() & 0xffffffffL;
        if (n > b.remaining()) {
            throw problem(what + " declares " + n + " bytes, " + b.remaining() + " left");
        }
        ByteBuffer data = b.slice().order(b.order());
        data.limit((int) n);
        b.position(Math.min(b.limit(), b.position() + (int) (n + (8 - n % 8) % 8)));
        return data;
    }

    private ByteBuffer inflate(ByteBuffer compressed) {
        byte[] in = new byte[compressed.remaining()];
        compressed.get(in);
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[1 << 16];
            while (!inflater.finished()) {
                int got = inflater.inflate(chunk);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break; // truncated stream: mfl-core reports it
                }
                inflated += got;
                if (inflated > MAX_INFLATED_BYTES) {
                    throw problem("compressed elements inflate past " + (MAX_INFLATED_BYTES >> 20) + " MiB");
                }
                out.write(chunk, 0, got);
            }
            return ByteBuffer.wrap(out.toByteArray()).order(compressed.order());
        } catch (DataFormatException e) {
            throw problem("corrupt compressed element (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private MalformedFileException problem(String what) {
        return new MalformedFileException(file, 0, "cannot be read as a MATLAB v5 file: " + what);
    }
}
