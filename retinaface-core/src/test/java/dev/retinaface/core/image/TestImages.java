package dev.retinaface.core.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Builds test images and encoded files in memory (no binary fixtures in the repository). */
final class TestImages {

    private TestImages() {
    }

    /** A BGR image with at most 2 values per channel, so every lossless format (GIF, WebP below) holds it exactly. */
    static BufferedImage twoLevelPattern(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x / 3) % 2 == 0 ? 230 : 20;
                int g = (y / 2) % 2 == 0 ? 200 : 40;
                int b = (x + y) % 3 == 0 ? 90 : 170;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /** A smooth colour gradient (compresses well as JPEG). */
    static BufferedImage gradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 255 * x / (w - 1);
                int g = 255 * y / (h - 1);
                int b = 128;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no writer for " + format + " and type " + image.getType());
        }
        return out.toByteArray();
    }

    /** A colour JPEG of an RGB/BGR image. */
    static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        return jpeg(new IIOImage(image, null, null), quality);
    }

    /** A JPEG of raw bands (no colour conversion: 4 bands are stored as such, for CMYK/YCCK tests). */
    static byte[] jpeg(Raster raster, float quality) throws IOException {
        return jpeg(new IIOImage(raster, null, null), quality);
    }

    private static byte[] jpeg(IIOImage content, float quality) throws IOException {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, content, param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Inserts a segment right after the JPEG's SOI marker. */
    static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    /** An APP1 "Exif" segment whose IFD0 holds only the orientation tag (big-endian TIFF). */
    static byte[] exifOrientationSegment(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] payload = tiff.array();
        int length = 2 + 6 + payload.length;
        ByteBuffer seg = ByteBuffer.allocate(2 + length);
        seg.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length);
        seg.put("Exif".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0).put(payload);
        return seg.array();
    }

    /** An Adobe APP14 segment: transform 0 = CMYK, 2 = YCCK. */
    static byte[] adobeSegment(int transform) {
        return new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
    }

    /**
     * An Adobe-style 4-channel JPEG of vertical stripes, one per ink (C, M, Y, K in 0..255), 8 pixels wide each.
     * Adobe stores CMYK inverted; for YCCK the inks C, M, Y are encoded as if they were R, G, B.
     */
    static byte[] cmykJpeg(int[][] inks, boolean ycck) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 8 * inks.length, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                int[] ink = inks[x / 8];
                int[] px;
                if (ycck) {
                    double r = ink[0];
                    double g = ink[1];
                    double b = ink[2];
                    px = new int[] {clamp(0.299 * r + 0.587 * g + 0.114 * b),
                            clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
                            clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b), 255 - ink[3]};
                } else {
                    px = new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]};
                }
                raster.setPixel(x, y, px);
            }
        }
        return insertAfterSoi(jpeg(raster, 1f), adobeSegment(ycck ? 2 : 0));
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** A PNG made of a valid signature and IHDR (8-bit RGB, the given size), one tiny IDAT and IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * A lossless WebP (VP8L) of an image whose channels take at most two values each: no transforms, no colour cache,
     * one "simple" prefix code per channel (one bit per channel per pixel, or none when the channel is constant).
     */
    static byte[] losslessWebp(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] symbols = new int[3][]; // r, g, b: the distinct values, ascending (canonical code: smaller = bit 0)
        for (int c = 0; c < 3; c++) {
            java.util.TreeSet<Integer> values = new java.util.TreeSet<>();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    values.add((image.getRGB(x, y) >> (16 - 8 * c)) & 0xFF);
                }
            }
            if (values.size() > 2) {
                throw new IllegalArgumentException("channel " + c + " has more than two values");
            }
            symbols[c] = values.stream().mapToInt(Integer::intValue).toArray();
        }
        BitWriter bits = new BitWriter();
        bits.write(0x2F, 8);
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        bits.write(0, 1); // alpha unused
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes
        simpleCode(bits, symbols[1]); // green (+ length prefixes)
        simpleCode(bits, symbols[0]); // red
        simpleCode(bits, symbols[2]); // blue
        simpleCode(bits, new int[] {255}); // alpha
        simpleCode(bits, new int[] {0}); // distance
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int[] order = {1, 0, 2}; // green, red, blue
                for (int c : order) {
                    if (symbols[c].length == 2) {
                        bits.write(((rgb >> (16 - 8 * c)) & 0xFF) == symbols[c][0] ? 0 : 1, 1);
                    }
                }
            }
        }
        byte[] data = bits.toByteArray();
        int padded = data.length + (data.length & 1);
        ByteBuffer riff = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + padded);
        riff.put("WEBPVP8L".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return riff.array();
    }

    private static void simpleCode(BitWriter bits, int[] symbols) {
        bits.write(1, 1); // simple code
        bits.write(symbols.length - 1, 1);
        bits.write(1, 1); // first symbol in 8 bits
        bits.write(symbols[0], 8);
        if (symbols.length == 2) {
            bits.write(symbols[1], 8);
        }
    }

    /** LSB-first bit packing, as VP8L reads it. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void write(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] toByteArray() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }

    /** Mean absolute difference over all B, G, R samples of two same-size BGR images. */
    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        byte[] x = BgrImages.bytes(BgrImages.toBgr(a));
        byte[] y = BgrImages.bytes(BgrImages.toBgr(b));
        if (x.length != y.length) {
            throw new IllegalArgumentException("sizes differ");
        }
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
        }
        return (double) sum / x.length;
    }

    /** B, G, R of one pixel. */
    static int[] bgr(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return new int[] {rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF};
    }
}
