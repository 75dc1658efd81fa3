package dev.retinaface.train.data;

import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.ImageResizer;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.core.image.Interpolation;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An 8-bit image in OpenCV's layout, rows of interleaved B, G, R bytes, with the pixel operations of the
 * augmentation (crop, mirror, pad) on that layout, so its arithmetic (clipping, truncation, HSV in 0..180) follows
 * the reference's OpenCV code. The pixels are a compact {@code TYPE_3BYTE_BGR} image of core's image package:
 * loading ({@link ImageLoader}: EXIF orientation, pixel limit), resizing ({@link ImageResizer}) and the network
 * input ({@link ImageTensors}) are the detector's own code, so training sees the picture detection sees.
 */
public final class BgrImage {

    private static final ImageLoader LOADER = new ImageLoader();

    private final int width;
    private final int height;
    private final byte[] data;
    private final BufferedImage image;

    public BgrImage(int width, int height, byte[] data) {
        this(BgrImages.wrap(data, width, height));
    }

    private BgrImage(BufferedImage compactBgr) {
        this.image = compactBgr;
        this.width = compactBgr.getWidth();
        this.height = compactBgr.getHeight();
        this.data = BgrImages.bytes(compactBgr);
    }

    /** A {@code width × height} image filled with one colour. */
    public static BgrImage filled(int width, int height, int b, int g, int r) {
        byte[] d = new byte[3 * width * height];
        for (int i = 0; i < d.length; i += 3) {
            d[i] = (byte) b;
            d[i + 1] = (byte) g;
            d[i + 2] = (byte) r;
        }
        return new BgrImage(width, height, d);
    }

    /** Loads an image file as detection does ({@link ImageLoader} with its defaults). */
    public static BgrImage read(Path file) throws IOException {
        return read(file, LOADER);
    }

    /** Loads an image file with {@code loader} (EXIF orientation and the pixel limit as it is configured). */
    public static BgrImage read(Path file, ImageLoader loader) throws IOException {
        return new BgrImage(Objects.requireNonNull(loader, "loader").load(file).image());
    }

    /** The pixels of any decoded image, converted as {@link BgrImages#toBgr} does (a copy unless compact BGR). */
    public static BgrImage of(BufferedImage image) {
        return new BgrImage(BgrImages.toBgr(image));
    }

    /** The same pixels as a compact {@code TYPE_3BYTE_BGR} image (shared, not copied). */
    public BufferedImage image() {
        return image;
    }

    /** Resized to {@code width × height} with one of OpenCV's interpolations (core {@link ImageResizer#resize}). */
    public BgrImage resized(int width, int height, Interpolation method) {
        return new BgrImage(ImageResizer.resize(image, width, height, method));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixel bytes (shared, not copied): index {@code 3 * (y * width + x) + channel}, channel 0 = blue. */
    public byte[] data() {
        return data;
    }

    /** Value 0..255 of a channel at (x, y). */
    public int get(int x, int y, int channel) {
        return data[3 * (y * width + x) + channel] & 0xff;
    }

    /** The rectangle {@code [x, x + w) × [y, y + h)} as a new image. */
    public BgrImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop " + x + "," + y + " " + w + "x" + h + " outside " + width + "x" + height);
        }
        byte[] d = new byte[3 * w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(data, 3 * ((y + row) * width + x), d, 3 * row * w, 3 * w);
        }
        return new BgrImage(w, h, d);
    }

    /** Mirrored left to right. */
    public BgrImage mirrored() {
        byte[] d = new byte[data.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int s = 3 * (y * width + x);
                int t = 3 * (y * width + width - 1 - x);
                d[t] = data[s];
                d[t + 1] = data[s + 1];
                d[t + 2] = data[s + 2];
            }
        }
        return new BgrImage(width, height, d);
    }

    /** Placed at the top-left of a {@code side × side} canvas of the given colour (the reference pads with the mean). */
    public BgrImage padToSquare(int b, int g, int r) {
        int side = Math.max(width, height);
        if (side == width && side == height) {
            return this;
        }
        BgrImage canvas = filled(side, side, b, g, r);
        for (int row = 0; row < height; row++) {
            System.arraycopy(data, 3 * row * width, canvas.data, 3 * row * side, 3 * width);
        }
        return canvas;
    }

    /** The network input (CHW floats, BGR planes, minus the mean) written at {@code offset}: core {@link ImageTensors}. */
    public void toNetworkInput(float[] out, int offset) {
        ImageTensors.toNchw(image, out, offset, false);
    }
}
