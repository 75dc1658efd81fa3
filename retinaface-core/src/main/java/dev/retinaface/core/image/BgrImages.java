package dev.retinaface.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Conversion of any decoded image to compact {@link BufferedImage#TYPE_3BYTE_BGR}, with OpenCV
 * {@code imread(IMREAD_COLOR)} semantics rather than Java2D colour management:
 * <ul>
 *   <li>grey is replicated into B, G and R as stored (Java2D would treat {@code CS_GRAY} as linear and brighten it);</li>
 *   <li>alpha is dropped, the colour samples kept as stored (no compositing over black or white);</li>
 *   <li>palette images are expanded through their palette;</li>
 *   <li>more than 8 bits per sample keep the high byte ({@code v >> (bits - 8)}), as libpng's {@code png_set_strip_16}
 *       which OpenCV uses; fewer than 8 bits are scaled to 0..255;</li>
 *   <li>anything else (CMYK, packed RGB, float samples, ...) goes through the image's own colour model to sRGB.</li>
 * </ul>
 */
public final class BgrImages {

    private BgrImages() {
    }

    /**
     * True when the image is {@code TYPE_3BYTE_BGR} with its pixels packed from index 0 (B, G, R per pixel, rows
     * without padding), so {@link #bytes(BufferedImage)} can hand out the raster's array directly.
     */
    public static boolean isCompactBgr(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            return false;
        }
        WritableRaster raster = image.getRaster();
        if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || raster.getParent() != null) {
            return false;
        }
        int[] offsets = sm.getBandOffsets();
        DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
        return sm.getPixelStride() == 3 && sm.getScanlineStride() == 3 * image.getWidth()
                && offsets[0] == 2 && offsets[1] == 1 && offsets[2] == 0
                && buffer.getOffset() == 0 && buffer.getNumBanks() == 1;
    }

    /**
     * The B, G, R bytes of a compact BGR image, row by row ({@code 3 * width * height} values); the raster's own array,
     * not a copy, so writes show in the image.
     *
     * @throws IllegalArgumentException if the image is not compact BGR (convert it with {@link #toBgr} first)
     */
    public static byte[] bytes(BufferedImage image) {
        if (!isCompactBgr(image)) {
            throw new IllegalArgumentException("expected a compact TYPE_3BYTE_BGR image, got type " + image.getType()
                    + " " + image.getWidth() + "x" + image.getHeight() + "; convert it with BgrImages.toBgr");
        }
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /**
     * A compact {@code TYPE_3BYTE_BGR} image over {@code bgr} (B, G, R per pixel, row by row; not copied, so writes to
     * either show in both).
     */
    public static BufferedImage wrap(byte[] bgr, int width, int height) {
        if (width <= 0 || height <= 0 || bgr.length != 3L * width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR image needs " + 3L * width * height
                    + " bytes, got " + bgr.length);
        }
        ColorModel cm = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR).getColorModel();
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(bgr, bgr.length), width, height,
                3 * width, 3, new int[] {2, 1, 0}, null);
        return new BufferedImage(cm, raster, false, null);
    }

    /** The image itself when it is compact BGR already, else a converted copy (see the class comment). */
    public static BufferedImage toBgr(BufferedImage source) {
        if (isCompactBgr(source)) {
            return source;
        }
        int w = source.getWidth();
        int h = source.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        ColorModel cm = source.getColorModel();
        Raster raster = source.getRaster();
        if (cm instanceof IndexColorModel palette) {
            copyIndexed(raster, palette, dst, w, h);
        } else if (isPlainComponentModel(cm, raster)) {
            copyComponents(raster, cm, dst, w, h);
        } else {
            copyThroughColorModel(source, dst, w, h);
        }
        return out;
    }

    /** Grey or RGB samples in integer bands, straight alpha or none: samples can be copied as stored. */
    private static boolean isPlainComponentModel(ColorModel cm, Raster raster) {
        if (!(cm instanceof ComponentColorModel) || cm.isAlphaPremultiplied()) {
            return false;
        }
        int space = cm.getColorSpace().getType();
        int transfer = raster.getTransferType();
        boolean integral = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT
                || transfer == DataBuffer.TYPE_INT;
        int colours = cm.getNumColorComponents();
        return integral && ((space == ColorSpace.TYPE_GRAY && colours == 1) || (space == ColorSpace.TYPE_RGB && colours == 3));
    }

    private static void copyIndexed(Raster raster, IndexColorModel palette, byte[] dst, int w, int h) {
        int[] indices = new int[w];
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        for (int y = 0; y < h; y++) {
            raster.getSamples(x0, y0 + y, w, 1, 0, indices);
            int o = 3 * w * y;
            for (int x = 0; x < w; x++, o += 3) {
                int i = indices[x];
                dst[o] = (byte) palette.getBlue(i);
                dst[o + 1] = (byte) palette.getGreen(i);
                dst[o + 2] = (byte) palette.getRed(i);
            }
        }
    }

    private static void copyComponents(Raster raster, ColorModel cm, byte[] dst, int w, int h) {
        boolean grey = cm.getNumColorComponents() == 1;
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        int[] r = new int[w];
        int[] g = grey ? r : new int[w];
        int[] b = grey ? r : new int[w];
        int[] bits = {cm.getComponentSize(0), cm.getComponentSize(grey ? 0 : 1), cm.getComponentSize(grey ? 0 : 2)};
        for (int y = 0; y < h; y++) {
            raster.getSamples(x0, y0 + y, w, 1, 0, r);
            if (!grey) {
                raster.getSamples(x0, y0 + y, w, 1, 1, g);
                raster.getSamples(x0, y0 + y, w, 1, 2, b);
            }
            int o = 3 * w * y;
            for (int x = 0; x < w; x++, o += 3) {
                dst[o] = to8Bits(b[x], bits[2]);
                dst[o + 1] = to8Bits(g[x], bits[1]);
                dst[o + 2] = to8Bits(r[x], bits[0]);
            }
        }
    }

    /** High byte for deeper samples (libpng's strip-16 behaviour), full-range scaling for shallower ones. */
    private static byte to8Bits(int value, int bits) {
        if (bits == 8) {
            return (byte) value;
        }
        if (bits > 8) {
            return (byte) (value >>> (bits - 8));
        }
        return (byte) ((value * 255 + ((1 << bits) - 1) / 2) / ((1 << bits) - 1));
    }

    private static void copyThroughColorModel(BufferedImage source, byte[] dst, int w, int h) {
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            source.getRGB(0, y, w, 1, argb, 0, w);
            int o = 3 * w * y;
            for (int x = 0; x < w; x++, o += 3) {
                int p = argb[x];
                dst[o] = (byte) p;
                dst[o + 1] = (byte) (p >> 8);
                dst[o + 2] = (byte) (p >> 16);
            }
        }
    }
}
