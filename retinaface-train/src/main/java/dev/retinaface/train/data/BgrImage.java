package dev.retinaface.train.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An 8-bit image in OpenCV's layout: rows of interleaved B, G, R bytes. The augmentation works on this
 * layout so its arithmetic (clipping, truncation, HSV in 0..180) follows the reference's OpenCV code.
 */
public final class BgrImage {

    private final int width;
    private final int height;
    private final byte[] data;

    public BgrImage(int width, int height, byte[] data) {
        if (width <= 0 || height <= 0 || data.length != 3 * width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR image needs " + 3L * width * height
                    + " bytes, got " + data.length);
        }
        this.width = width;
        this.height = height;
        this.data = data;
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

    /** Decodes an image file (JPEG, PNG, ... as ImageIO reads them). */
    public static BgrImage read(Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": cannot decode image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException(file + ": not an image format ImageIO can read");
        }
        return of(image);
    }

    public static BgrImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] d = new byte[3 * w * h];
        for (int i = 0; i < rgb.length; i++) {
            d[3 * i] = (byte) rgb[i];
            d[3 * i + 1] = (byte) (rgb[i] >> 8);
            d[3 * i + 2] = (byte) (rgb[i] >> 16);
        }
        return new BgrImage(w, h, d);
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

    /** CHW floats in BGR order minus {@link ImageTensors#BGR_MEAN}, written at {@code offset} of {@code out}. */
    public void toNetworkInput(float[] out, int offset) {
        int plane = width * height;
        if (offset + 3 * plane > out.length) {
            throw new IllegalArgumentException("output too small");
        }
        for (int i = 0; i < plane; i++) {
            out[offset + i] = (data[3 * i] & 0xff) - ImageTensors.BGR_MEAN[0];
            out[offset + plane + i] = (data[3 * i + 1] & 0xff) - ImageTensors.BGR_MEAN[1];
            out[offset + 2 * plane + i] = (data[3 * i + 2] & 0xff) - ImageTensors.BGR_MEAN[2];
        }
    }
}
