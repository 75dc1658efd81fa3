package dev.retinaface.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Emits the few pickle protocol 2 opcodes a checkpoint needs. razorvine's {@code Pickler} supports persistent ids
 * but can name a bare global ({@code torch.FloatStorage} inside a persistent id) only through its JVM-wide static
 * registries, so the opcodes are written here directly. No memo is used: nothing is shared.
 */
final class PickleWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter() {
        out.write(0x80); // PROTO
        out.write(2);
    }

    byte[] finish() {
        out.write('.'); // STOP
        return out.toByteArray();
    }

    void global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.write('X'); // BINUNICODE
        int32(utf8.length);
        out.writeBytes(utf8);
    }

    void integer(long v) {
        if (v >= 0 && v < 256) {
            out.write('K'); // BININT1
            out.write((int) v);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J'); // BININT
            int32((int) v);
        } else {
            integer(BigInteger.valueOf(v));
        }
    }

    void integer(BigInteger v) {
        byte[] be = v.toByteArray(); // two's complement, big-endian, minimal
        out.write(0x8a); // LONG1: little-endian two's complement
        out.write(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
    }

    void floating(double v) {
        out.write('G'); // BINFLOAT, big-endian
        long bits = Double.doubleToLongBits(v);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift));
        }
    }

    void bool(boolean v) {
        out.write(v ? 0x88 : 0x89); // NEWTRUE / NEWFALSE
    }

    void none() {
        out.write('N');
    }

    void mark() {
        out.write('(');
    }

    /** Tuple of everything since the last {@link #mark()}. */
    void tuple() {
        out.write('t');
    }

    void emptyTuple() {
        out.write(')');
    }

    void emptyDict() {
        out.write('}');
    }

    /** Adds the key/value pairs since the last {@link #mark()} to the dict below the mark. */
    void setItems() {
        out.write('u');
    }

    void emptyList() {
        out.write(']');
    }

    /** Appends the items since the last {@link #mark()} to the list below the mark. */
    void appends() {
        out.write('e');
    }

    /** Calls the callable below the argument tuple on top. */
    void reduce() {
        out.write('R');
    }

    /** Replaces the object on top (the id) by the persistent object it names. */
    void persistentId() {
        out.write('Q'); // BINPERSID
    }

    private void int32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
