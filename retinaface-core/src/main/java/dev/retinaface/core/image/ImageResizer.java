package dev.retinaface.core.image;

import java.awt.image.BufferedImage;

/**
 * Bilinear resizing that reproduces OpenCV's {@code cv2.resize(..., interpolation=INTER_LINEAR)}: pixel centres
 * aligned ({@code src = (dst + 0.5) * scale - 0.5}), border samples repeated.
 *
 * <p>For 8-bit images OpenCV works in fixed point: 11-bit weights, a horizontal pass into 32-bit sums and a vertical
 * pass {@code ((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2}; {@link #bilinear} follows that
 * arithmetic. The reference detector, however, resizes {@code np.float32(img)} with {@code fx = fy = scale}: that is
 * {@link #bilinearFloat}, whose output carries no rounding at all.
 */
public final class ImageResizer {

    private ImageResizer() {
    }

    /**
     * OpenCV's output size for a scale factor: {@code round(size * factor)}, half to even, at least 1.
     */
    public static int scaledSize(int size, double factor) {
        return Math.max(1, (int) Math.rint(size * factor));
    }

    /**
     * Resizes to an exact size, as {@code cv2.resize(img, (newWidth, newHeight), interpolation=INTER_LINEAR)} on a
     * uint8 BGR image (scale = old size / new size). Returns a new compact {@code TYPE_3BYTE_BGR} image.
     */
    public static BufferedImage bilinear(BufferedImage image, int newWidth, int newHeight) {
        checkSize(newWidth, newHeight);
        return bilinear(image, newWidth, newHeight,
                (double) image.getWidth() / newWidth, (double) image.getHeight() / newHeight);
    }

    /**
     * Resizes to an exact size with one of OpenCV's interpolations ({@code cv2.resize(img, (newWidth, newHeight),
     * interpolation=method)} on a uint8 BGR image); {@link Interpolation#LINEAR} is {@link #bilinear}. An image of the
     * requested size comes back as a compact BGR copy.
     */
    public static BufferedImage resize(BufferedImage image, int newWidth, int newHeight, Interpolation method) {
        checkSize(newWidth, newHeight);
        BufferedImage bgr = BgrImages.toBgr(image);
        if (bgr.getWidth() == newWidth && bgr.getHeight() == newHeight) {
            return BgrImages.wrap(BgrImages.bytes(bgr).clone(), newWidth, newHeight);
        }
        return method == Interpolation.LINEAR ? bilinear(bgr, newWidth, newHeight)
                : KernelResampling.resize(bgr, newWidth, newHeight, method);
    }

    /**
     * Resizes by factors, as {@code cv2.resize(img, None, fx=fx, fy=fy, interpolation=INTER_LINEAR)} on a uint8 BGR
     * image: the size is {@link #scaledSize} and the sampling step exactly {@code 1 / fx}, which differs slightly from
     * old size / new size when the size was rounded.
     */
    public static BufferedImage bilinearScale(BufferedImage image, double fx, double fy) {
        checkFactors(fx, fy);
        return bilinear(image, scaledSize(image.getWidth(), fx), scaledSize(image.getHeight(), fy), 1 / fx, 1 / fy);
    }

    /**
     * Resizes by factors in floating point, as {@code cv2.resize(np.float32(img), None, fx=fx, fy=fy,
     * interpolation=INTER_LINEAR)} (what the reference test script does before subtracting the mean).
     *
     * @return B, G, R floats per pixel, row by row, {@code scaledSize(width, fx) x scaledSize(height, fy)} pixels
     */
    public static float[] bilinearFloat(BufferedImage image, double fx, double fy) {
        checkFactors(fx, fy);
        byte[] src = BgrImages.bytes(BgrImages.toBgr(image));
        int sw = image.getWidth();
        int sh = image.getHeight();
        int dw = scaledSize(sw, fx);
        int dh = scaledSize(sh, fy);
        LinearTaps xs = LinearTaps.of(sw, dw, 1 / fx, true);
        LinearTaps ys = LinearTaps.of(sh, dh, 1 / fy, false);
        float[] out = new float[3 * dw * dh];
        float[] row0 = new float[3 * dw];
        float[] row1 = new float[3 * dw];
        int cachedRow0 = -1;
        int cachedRow1 = -1;
        for (int dy = 0; dy < dh; dy++) {
            int y0 = ys.first()[dy];
            int y1 = ys.second()[dy];
            // consecutive output rows mostly share source rows: reuse the horizontal pass
            if (y0 == cachedRow1) {
                float[] t = row0;
                row0 = row1;
                row1 = t;
                cachedRow0 = cachedRow1;
                cachedRow1 = -1;
            }
            if (y0 != cachedRow0) {
                horizontalFloat(src, sw, y0, xs, row0);
                cachedRow0 = y0;
            }
            if (y1 != cachedRow1) {
                horizontalFloat(src, sw, y1, xs, row1);
                cachedRow1 = y1;
            }
            float b1 = ys.frac()[dy];
            float b0 = 1f - b1;
            int o = 3 * dw * dy;
            for (int i = 0; i < 3 * dw; i++) {
                out[o + i] = row0[i] * b0 + row1[i] * b1;
            }
        }
        return out;
    }

    private static BufferedImage bilinear(BufferedImage image, int dw, int dh, double scaleX, double scaleY) {
        byte[] src = BgrImages.bytes(BgrImages.toBgr(image));
        int sw = image.getWidth();
        int sh = image.getHeight();
        LinearTaps xs = LinearTaps.of(sw, dw, scaleX, true);
        LinearTaps ys = LinearTaps.of(sh, dh, scaleY, false);
        BufferedImage out = new BufferedImage(dw, dh, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = BgrImages.bytes(out);
        int[] a0 = new int[dw];
        int[] a1 = new int[dw];
        for (int dx = 0; dx < dw; dx++) {
            a0[dx] = xs.fixedWeight0(dx);
            a1[dx] = xs.fixedWeight1(dx);
        }
        int[] row0 = new int[3 * dw];
        int[] row1 = new int[3 * dw];
        for (int dy = 0; dy < dh; dy++) {
            horizontalFixed(src, sw, ys.first()[dy], xs, a0, a1, row0);
            horizontalFixed(src, sw, ys.second()[dy], xs, a0, a1, row1);
            int b0 = ys.fixedWeight0(dy);
            int b1 = ys.fixedWeight1(dy);
            int o = 3 * dw * dy;
            for (int i = 0; i < 3 * dw; i++) {
                int v = (((b0 * (row0[i] >> 4)) >> 16) + ((b1 * (row1[i] >> 4)) >> 16) + 2) >> 2;
                dst[o + i] = (byte) v;
            }
        }
        return out;
    }

    private static void horizontalFixed(byte[] src, int sw, int y, LinearTaps xs, int[] a0, int[] a1, int[] row) {
        int base = 3 * sw * y;
        int[] first = xs.first();
        int[] second = xs.second();
        for (int dx = 0, o = 0; dx < a0.length; dx++, o += 3) {
            int p = base + 3 * first[dx];
            int q = base + 3 * second[dx];
            for (int c = 0; c < 3; c++) {
                row[o + c] = (src[p + c] & 0xFF) * a0[dx] + (src[q + c] & 0xFF) * a1[dx];
            }
        }
    }

    private static void horizontalFloat(byte[] src, int sw, int y, LinearTaps xs, float[] row) {
        int base = 3 * sw * y;
        int[] first = xs.first();
        int[] second = xs.second();
        float[] frac = xs.frac();
        for (int dx = 0, o = 0; dx < first.length; dx++, o += 3) {
            int p = base + 3 * first[dx];
            int q = base + 3 * second[dx];
            float w1 = frac[dx];
            float w0 = 1f - w1;
            for (int c = 0; c < 3; c++) {
                row[o + c] = (src[p + c] & 0xFF) * w0 + (src[q + c] & 0xFF) * w1;
            }
        }
    }

    private static void checkSize(int w, int h) {
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + w + " x " + h);
        }
    }

    private static void checkFactors(double fx, double fy) {
        if (!(fx > 0) || !(fy > 0) || Double.isInfinite(fx) || Double.isInfinite(fy)) {
            throw new IllegalArgumentException("scale factors must be positive and finite, got " + fx + ", " + fy);
        }
    }
}
