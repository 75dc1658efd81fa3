package dev.retinaface.core.image;

import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Checks a BMP file header against the data actually present before the decoder sees it. TwelveMonkeys sizes the
 * colour table from the header's pixel-data offset (up to {@code (offset - header) / 4} entries), so an offset of
 * gigabytes in a 78-byte file made it allocate an {@code int[]} of hundreds of millions (found by fuzzing, an
 * {@code OutOfMemoryError}). The pixel data must start inside the file, which bounds the table by the file's size.
 */
final class BmpHeaderCheck {

    /** {@code BITMAPFILEHEADER}: "BM", file size, two reserved shorts, pixel-data offset. */
    private static final int FILE_HEADER_BYTES = 14;

    private BmpHeaderCheck() {
    }

    /**
     * Refuses a BMP whose pixel data would start past the end of the stream (when its length is known). The stream
     * position is left as it was.
     *
     * @return why the header is refused, or {@code null} when it is acceptable
     */
    static String problem(ImageInputStream in) throws IOException {
        long length = in.length();
        if (length < 0) {
            return null; // unknown length (not a file or byte array): nothing to compare with
        }
        ByteOrder order = in.getByteOrder();
        in.mark();
        try {
            in.seek(0);
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
            if (length < FILE_HEADER_BYTES + 4) {
                return "the file ends inside its header (" + length + " bytes)";
            }
            in.skipBytes(10);
            long pixelOffset = in.readUnsignedInt();
            long headerSize = in.readUnsignedInt();
            if (FILE_HEADER_BYTES + headerSize > length) {
                return "its DIB header of " + headerSize + " bytes is longer than the file (" + length + " bytes)";
            }
            if (pixelOffset > length) {
                return "its pixel data would start at byte " + pixelOffset + ", past the end of the file ("
                        + length + " bytes)";
            }
            return null;
        } finally {
            in.reset();
            in.setByteOrder(order);
        }
    }
}
