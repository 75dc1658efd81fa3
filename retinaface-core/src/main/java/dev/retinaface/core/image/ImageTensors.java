package dev.retinaface.core.image;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

/**
 * BGR pixels to the network input of the reference RetinaFace: float NCHW, channel planes B, G, R, the mean
 * (104, 117, 123) subtracted, no scaling. Writes into a caller's array at an offset so one array can hold a batch
 * ({@code offset = n * 3 * height * width}). The {@link FloatBuffer} variants write the same values into a (direct)
 * buffer, so a tensor can go to a native runtime without an intermediate {@code float[]} and its copy.
 */
public final class ImageTensors {

    /** Mean of the blue channel, subtracted from every blue sample. */
    public static final float MEAN_B = 104f;
    /** Mean of the green channel. */
    public static final float MEAN_G = 117f;
    /** Mean of the red channel. */
    public static final float MEAN_R = 123f;

    private ImageTensors() {
    }

    /** Number of floats one image takes: {@code 3 * width * height}. */
    public static int size(int width, int height) {
        return 3 * width * height;
    }

    /** A new {@code 3 x height x width} array for one image. */
    public static float[] toNchw(BufferedImage bgr) {
        float[] out = new float[size(bgr.getWidth(), bgr.getHeight())];
        toNchw(bgr, out, 0, false);
        return out;
    }

    /**
     * Writes {@code 3 * height * width} floats at {@code offset}: plane B, then G, then R, each row by row.
     *
     * @param bgr            a {@code TYPE_3BYTE_BGR} image (other types are converted first, at the cost of a copy)
     * @param flipHorizontal mirror left-right (for flip test-time augmentation)
     */
    public static void toNchw(BufferedImage bgr, float[] dst, int offset, boolean flipHorizontal) {
        int w = bgr.getWidth();
        int h = bgr.getHeight();
        toPaddedNchw(bgr, 0, 0, w, h, dst, offset, w, h, flipHorizontal);
    }

    /**
     * Copies the region {@code (x, y, width, height)} of an image into a batch slot of {@code slotWidth x slotHeight},
     * top-left aligned; the rest of the slot is 0, i.e. the mean colour, which is what the reference's padding
     * (filled with the mean before subtraction) gives. With a flip, the region is mirrored inside its own width (the
     * padding stays on the right).
     */
    public static void toPaddedNchw(BufferedImage bgr, int x, int y, int width, int height,
                                    float[] dst, int offset, int slotWidth, int slotHeight, boolean flipHorizontal) {
        if (x < 0 || y < 0 || width < 0 || height < 0 || x + width > bgr.getWidth() || y + height > bgr.getHeight()) {
            throw new IllegalArgumentException("region " + x + "," + y + " " + width + "x" + height
                    + " is outside the " + bgr.getWidth() + "x" + bgr.getHeight() + " image");
        }
        if (width > slotWidth || height > slotHeight) {
            throw new IllegalArgumentException("region " + width + "x" + height + " does not fit the slot "
                    + slotWidth + "x" + slotHeight);
        }
        checkRoom(dst, offset, slotWidth, slotHeight);
        byte[] src = BgrImages.bytes(BgrImages.toBgr(bgr));
        int stride = 3 * bgr.getWidth();
        int plane = slotWidth * slotHeight;
        int g = offset + plane;
        int r = offset + 2 * plane;
        for (int row = 0; row < slotHeight; row++) {
            int o = row * slotWidth;
            if (row >= height) {
                fillRow(dst, offset + o, g + o, r + o, slotWidth);
                continue;
            }
            int s = (y + row) * stride + 3 * x;
            for (int col = 0; col < width; col++) {
                int p = s + 3 * (flipHorizontal ? width - 1 - col : col);
                dst[offset + o + col] = (src[p] & 0xFF) - MEAN_B;
                dst[g + o + col] = (src[p + 1] & 0xFF) - MEAN_G;
                dst[r + o + col] = (src[p + 2] & 0xFF) - MEAN_R;
            }
            fillRow(dst, offset + o + width, g + o + width, r + o + width, slotWidth - width);
        }
    }

    /**
     * The same from interleaved float B, G, R samples (as {@link ImageResizer#bilinearFloat} returns), so a resized
     * image reaches the network without being rounded to bytes, as in the reference.
     */
    public static void toNchw(float[] hwcBgr, int width, int height, float[] dst, int offset, boolean flipHorizontal) {
        if (hwcBgr.length < size(width, height)) {
            throw new IllegalArgumentException("expected " + size(width, height) + " samples for " + width + "x"
                    + height + ", got " + hwcBgr.length);
        }
        checkRoom(dst, offset, width, height);
        int plane = width * height;
        for (int row = 0; row < height; row++) {
            int s = 3 * width * row;
            int o = offset + width * row;
            for (int col = 0; col < width; col++) {
                int p = s + 3 * (flipHorizontal ? width - 1 - col : col);
                dst[o + col] = hwcBgr[p] - MEAN_B;
                dst[o + plane + col] = hwcBgr[p + 1] - MEAN_G;
                dst[o + 2 * plane + col] = hwcBgr[p + 2] - MEAN_R;
            }
        }
    }

    /**
     * The reference's scaled input: {@code cv2.resize(np.float32(img), None, fx=scale, fy=scale, INTER_LINEAR)} minus
     * the mean, written at {@code offset}. The tensor is {@link ImageResizer#scaledSize} of each side.
     */
    public static void toNchwScaled(BufferedImage bgr, double scale, float[] dst, int offset, boolean flipHorizontal) {
        int w = ImageResizer.scaledSize(bgr.getWidth(), scale);
        int h = ImageResizer.scaledSize(bgr.getHeight(), scale);
        toNchw(ImageResizer.bilinearFloat(bgr, scale, scale), w, h, dst, offset, flipHorizontal);
    }

    /**
     * {@link #toNchw(BufferedImage, float[], int, boolean)} into a buffer, at absolute index {@code offset} (the
     * buffer's position and limit are not used or changed).
     */
    public static void toNchw(BufferedImage bgr, FloatBuffer dst, int offset, boolean flipHorizontal) {
        int w = bgr.getWidth();
        int h = bgr.getHeight();
        checkRoom(dst, offset, w, h);
        byte[] src = BgrImages.bytes(BgrImages.toBgr(bgr));
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            int s = 3 * w * y;
            int b = offset + w * y;
            for (int col = 0; col < w; col++) {
                int p = s + 3 * (flipHorizontal ? w - 1 - col : col);
                dst.put(b + col, (src[p] & 0xFF) - MEAN_B);
                dst.put(b + plane + col, (src[p + 1] & 0xFF) - MEAN_G);
                dst.put(b + 2 * plane + col, (src[p + 2] & 0xFF) - MEAN_R);
            }
        }
    }

    /** {@link #toNchw(float[], int, int, float[], int, boolean)} into a buffer, at absolute index {@code offset}. */
    public static void toNchw(float[] hwcBgr, int width, int height, FloatBuffer dst, int offset, boolean flipHorizontal) {
        if (hwcBgr.length < size(width, height)) {
            throw new IllegalArgumentException("expected " + size(width, height) + " samples for " + width + "x"
                    + height + ", got " + hwcBgr.length);
        }
        checkRoom(dst, offset, width, height);
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            int s = 3 * width * y;
            int b = offset + width * y;
            for (int col = 0; col < width; col++) {
                int p = s + 3 * (flipHorizontal ? width - 1 - col : col);
                dst.put(b + col, hwcBgr[p] - MEAN_B);
                dst.put(b + plane + col, hwcBgr[p + 1] - MEAN_G);
                dst.put(b + 2 * plane + col, hwcBgr[p + 2] - MEAN_R);
            }
        }
    }

    /** {@link #toNchwScaled(BufferedImage, double, float[], int, boolean)} into a buffer, at absolute index {@code offset}. */
    public static void toNchwScaled(BufferedImage bgr, double scale, FloatBuffer dst, int offset, boolean flipHorizontal) {
        int w = ImageResizer.scaledSize(bgr.getWidth(), scale);
        int h = ImageResizer.scaledSize(bgr.getHeight(), scale);
        toNchw(ImageResizer.bilinearFloat(bgr, scale, scale), w, h, dst, offset, flipHorizontal);
    }

    private static void checkRoom(FloatBuffer dst, int offset, int width, int height) {
        long end = (long) offset + size(width, height);
        if (offset < 0 || end > dst.capacity()) {
            throw new IllegalArgumentException("destination holds " + dst.capacity() + " floats, need " + end
                    + " (offset " + offset + " + 3x" + height + "x" + width + ")");
        }
    }

    private static void fillRow(float[] dst, int b, int g, int r, int n) {
        for (int i = 0; i < n; i++) {
            dst[b + i] = 0f;
            dst[g + i] = 0f;
            dst[r + i] = 0f;
        }
    }

    private static void checkRoom(float[] dst, int offset, int width, int height) {
        long end = (long) offset + size(width, height);
        if (offset < 0 || end > dst.length) {
            throw new IllegalArgumentException("destination holds " + dst.length + " floats, need " + end
                    + " (offset " + offset + " + 3x" + height + "x" + width + ")");
        }
    }
}
