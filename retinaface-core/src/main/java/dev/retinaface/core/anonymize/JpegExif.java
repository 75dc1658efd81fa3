package dev.retinaface.core.anonymize;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The EXIF block (APP1 segment) of JPEG files: taken from an original and put into an anonymised copy when the
 * user asks to keep it. Image writers store no EXIF of their own, so copies are EXIF-free (no GPS position, camera
 * serial or time) unless it is put back here.
 */
public final class JpegExif {

    private static final byte[] EXIF_ID = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int ORIENTATION_TAG = 0x0112;

    private JpegExif() {
    }

    /** The whole APP1 EXIF segment (marker, length, payload) of a JPEG, or empty when it has none. */
    public static Optional<byte[]> segment(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return Optional.empty();
        }
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            int end = i + 2 + length;
            if (length < 2 || end > jpeg.length) {
                break;
            }
            if (marker == 0xE1 && length >= 2 + EXIF_ID.length
                    && Arrays.equals(jpeg, i + 4, i + 4 + EXIF_ID.length, EXIF_ID, 0, EXIF_ID.length)) {
                return Optional.of(Arrays.copyOfRange(jpeg, i, end));
            }
            i = end;
        }
        return Optional.empty();
    }

    /** Whether a JPEG carries an EXIF segment. */
    public static boolean hasExif(byte[] jpeg) {
        return segment(jpeg).isPresent();
    }

    /**
     * {@code jpeg} with {@code segment} inserted after its start marker and JFIF header. The segment's orientation
     * tag is set to 1 (upright): the pixels of an anonymised copy are already turned upright.
     */
    public static byte[] insert(byte[] jpeg, byte[] segment) {
        byte[] fixed = withUprightOrientation(segment);
        int at = 2;
        if (jpeg.length > 6 && (jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        byte[] out = new byte[jpeg.length + fixed.length];
        System.arraycopy(jpeg, 0, out, 0, at);
        System.arraycopy(fixed, 0, out, at, fixed.length);
        System.arraycopy(jpeg, at, out, at + fixed.length, jpeg.length - at);
        return out;
    }

    /** A copy of an APP1 EXIF segment whose IFD0 orientation (if any) says upright. */
    static byte[] withUprightOrientation(byte[] segment) {
        byte[] s = segment.clone();
        int tiff = 4 + EXIF_ID.length;
        if (s.length < tiff + 8) {
            return s;
        }
        boolean little = s[tiff] == 'I' && s[tiff + 1] == 'I';
        int ifd = tiff + (int) read(s, tiff + 4, 4, little);
        if (ifd < tiff || ifd + 2 > s.length) {
            return s;
        }
        int entries = (int) read(s, ifd, 2, little);
        for (int e = 0; e < entries; e++) {
            int entry = ifd + 2 + 12 * e;
            if (entry + 12 > s.length) {
                break;
            }
            if (read(s, entry, 2, little) == ORIENTATION_TAG) {
                write(s, entry + 8, 1, little);
            }
        }
        return s;
    }

    private static long read(byte[] b, int at, int bytes, boolean little) {
        long v = 0;
        for (int k = 0; k < bytes; k++) {
            int value = b[at + (little ? bytes - 1 - k : k)] & 0xFF;
            v = (v << 8) | value;
        }
        return v;
    }

    private static void write(byte[] b, int at, int shortValue, boolean little) {
        b[at + (little ? 0 : 1)] = (byte) shortValue;
        b[at + (little ? 1 : 0)] = 0;
    }
}
