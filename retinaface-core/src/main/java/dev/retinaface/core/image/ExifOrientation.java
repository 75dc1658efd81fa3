package dev.retinaface.core.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The EXIF orientation tag (0x0112): reading it from a JPEG's APP1 segment and turning BGR pixels upright.
 * Values: 1 upright, 2 mirrored left-right, 3 rotated 180°, 4 mirrored top-bottom, 5 transposed (mirrored along the
 * main diagonal), 6 needs a 90° clockwise turn, 7 transversed, 8 needs a 90° counter-clockwise turn.
 */
public final class ExifOrientation {

    /** No transformation. */
    public static final int UPRIGHT = 1;

    private ExifOrientation() {
    }

    /** True for orientations 5 to 8, which swap width and height. */
    public static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * Reads the orientation of IFD0 from the first EXIF APP1 segment of a JPEG stream, leaving the stream at position
     * 0. A missing, unreadable or out-of-range tag gives {@link #UPRIGHT}: a broken EXIF block should not stop the
     * pixels from loading (OpenCV ignores it too); a broken image is reported by the decoder.
     */
    static int readJpeg(ImageInputStream stream) throws IOException {
        try {
            stream.seek(0);
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(stream, JPEG.APP1, "Exif");
            for (JPEGSegment segment : segments) {
                int orientation = fromExifSegment(segment);
                if (orientation != 0) {
                    return orientation;
                }
            }
            return UPRIGHT;
        } catch (IOException | RuntimeException e) {
            return UPRIGHT;
        } finally {
            stream.seek(0);
        }
    }

    /** The orientation in one segment, 0 when it has none. */
    private static int fromExifSegment(JPEGSegment segment) throws IOException {
        byte[] tiff;
        try (InputStream data = segment.data()) {
            // identifier "Exif\0" is already skipped; the standard adds a second 0 pad byte
            if (data.read() != 0) {
                return 0;
            }
            tiff = data.readAllBytes();
        }
        Directory directory = new TIFFReader().read(new ByteArrayImageInputStream(tiff));
        Directory ifd0 = directory instanceof CompoundDirectory compound && compound.directoryCount() > 0
                ? compound.getDirectory(0) : directory;
        Entry entry = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
        if (entry == null || !(entry.getValue() instanceof Number number)) {
            return 0;
        }
        int value = number.intValue();
        return value >= 1 && value <= 8 ? value : 0;
    }

    /**
     * Turns a BGR image upright for the given orientation; orientation 1 (or an invalid value) returns the image
     * itself. The result is a new compact {@code TYPE_3BYTE_BGR} image, {@code height x width} for orientations 5-8.
     */
    public static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= UPRIGHT || orientation > 8) {
            return image;
        }
        BufferedImage source = BgrImages.toBgr(image);
        byte[] src = BgrImages.bytes(source);
        int w = source.getWidth();
        int h = source.getHeight();
        boolean swap = swapsAxes(orientation);
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = BgrImages.bytes(out);
        int o = 0;
        for (int dy = 0; dy < outH; dy++) {
            for (int dx = 0; dx < outW; dx++, o += 3) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - dx; sy = dy; }
                    case 3 -> { sx = w - 1 - dx; sy = h - 1 - dy; }
                    case 4 -> { sx = dx; sy = h - 1 - dy; }
                    case 5 -> { sx = dy; sy = dx; }
                    case 6 -> { sx = dy; sy = h - 1 - dx; }
                    case 7 -> { sx = w - 1 - dy; sy = h - 1 - dx; }
                    default -> { sx = w - 1 - dy; sy = dx; } // 8
                }
                int s = 3 * (sy * w + sx);
                dst[o] = src[s];
                dst[o + 1] = src[s + 1];
                dst[o + 2] = src[s + 2];
            }
        }
        return out;
    }
}
