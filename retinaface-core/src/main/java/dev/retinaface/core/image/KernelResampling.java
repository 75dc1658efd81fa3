package dev.retinaface.core.image;

import java.awt.image.BufferedImage;

/**
 * The resampling methods besides {@link ImageResizer#bilinear}, on compact BGR pixels, with OpenCV's coordinate
 * conventions ({@code cv2.resize}): pixel centres map as {@code src = (dst + 0.5) * scale - 0.5}, borders
 * replicate; nearest takes {@code floor(dst * scale)}; cubic (a = -0.75) and Lanczos-4 use fixed taps (no
 * anti-aliasing) in double precision; area averages the source footprint when shrinking.
 */
final class KernelResampling {

    private KernelResampling() {
    }

    /** {@code method} must not be {@link Interpolation#LINEAR} (that is {@link ImageResizer#bilinear}). */
    static BufferedImage resize(BufferedImage bgr, int width, int height, Interpolation method) {
        Pixels src = new Pixels(bgr.getWidth(), bgr.getHeight(), BgrImages.bytes(bgr));
        Pixels out = switch (method) {
            case NEAREST -> nearest(src, width, height);
            case AREA -> width <= src.width() && height <= src.height()
                    ? area(src, width, height) : separable(src, width, height, 2, KernelResampling::linear);
            case CUBIC -> separable(src, width, height, 4, KernelResampling::cubic);
            case LANCZOS4 -> separable(src, width, height, 8, KernelResampling::lanczos4);
            case LINEAR -> throw new IllegalArgumentException("linear resizing is ImageResizer.bilinear");
        };
        return BgrImages.wrap(out.data(), out.width(), out.height());
    }

    private record Pixels(int width, int height, byte[] data) {
    }

    private interface Kernel {
        double weight(double distance);
    }

    private static double linear(double d) {
        d = Math.abs(d);
        return d < 1 ? 1 - d : 0;
    }

    private static double cubic(double d) {
        final double a = -0.75;
        d = Math.abs(d);
        if (d <= 1) {
            return ((a + 2) * d - (a + 3)) * d * d + 1;
        }
        if (d < 2) {
            return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
        }
        return 0;
    }

    private static double lanczos4(double d) {
        if (Math.abs(d) < 1e-9) {
            return 1;
        }
        if (Math.abs(d) >= 4) {
            return 0;
        }
        double x = Math.PI * d;
        return 4 * Math.sin(x) * Math.sin(x / 4) / (x * x);
    }

    private static Pixels nearest(Pixels src, int w, int h) {
        byte[] out = new byte[3 * w * h];
        byte[] in = src.data();
        double sx = (double) src.width() / w;
        double sy = (double) src.height() / h;
        for (int y = 0; y < h; y++) {
            int yy = Math.min((int) Math.floor(y * sy), src.height() - 1);
            for (int x = 0; x < w; x++) {
                int xx = Math.min((int) Math.floor(x * sx), src.width() - 1);
                System.arraycopy(in, 3 * (yy * src.width() + xx), out, 3 * (y * w + x), 3);
            }
        }
        return new Pixels(w, h, out);
    }

    /** Fixed-tap separable resampling: rows first into a float buffer, then columns. */
    private static Pixels separable(Pixels src, int w, int h, int taps, Kernel kernel) {
        int sw = src.width();
        int sh = src.height();
        int[][] xIdx = new int[w][taps];
        double[][] xW = new double[w][taps];
        weights(sw, w, taps, kernel, xIdx, xW);
        int[][] yIdx = new int[h][taps];
        double[][] yW = new double[h][taps];
        weights(sh, h, taps, kernel, yIdx, yW);
        byte[] in = src.data();
        float[] rows = new float[3 * w * sh];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int t = 0; t < taps; t++) {
                        s += xW[x][t] * (in[3 * (y * sw + xIdx[x][t]) + c] & 0xff);
                    }
                    rows[3 * (y * w + x) + c] = (float) s;
                }
            }
        }
        byte[] out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int t = 0; t < taps; t++) {
                        s += yW[y][t] * rows[3 * (yIdx[y][t] * w + x) + c];
                    }
                    out[3 * (y * w + x) + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(s)));
                }
            }
        }
        return new Pixels(w, h, out);
    }

    private static void weights(int srcSize, int dstSize, int taps, Kernel kernel, int[][] idx, double[][] wts) {
        double scale = (double) srcSize / dstSize;
        for (int d = 0; d < dstSize; d++) {
            double s = (d + 0.5) * scale - 0.5;
            int base = (int) Math.floor(s) - (taps / 2 - 1);
            double sum = 0;
            for (int t = 0; t < taps; t++) {
                int i = base + t;
                idx[d][t] = Math.max(0, Math.min(srcSize - 1, i));
                wts[d][t] = kernel.weight(s - i);
                sum += wts[d][t];
            }
            for (int t = 0; t < taps; t++) {
                wts[d][t] /= sum;
            }
        }
    }

    /** Box average over each destination pixel's source footprint (fractional edges weighted). */
    private static Pixels area(Pixels src, int w, int h) {
        int sw = src.width();
        int sh = src.height();
        double sx = (double) sw / w;
        double sy = (double) sh / h;
        byte[] in = src.data();
        byte[] out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            double y0 = y * sy;
            double y1 = Math.min(sh, (y + 1) * sy);
            for (int x = 0; x < w; x++) {
                double x0 = x * sx;
                double x1 = Math.min(sw, (x + 1) * sx);
                double[] acc = new double[3];
                double area = 0;
                for (int yy = (int) Math.floor(y0); yy < Math.ceil(y1); yy++) {
                    double wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
                    for (int xx = (int) Math.floor(x0); xx < Math.ceil(x1); xx++) {
                        double wgt = wy * (Math.min(x1, xx + 1) - Math.max(x0, xx));
                        int p = 3 * (yy * sw + xx);
                        acc[0] += wgt * (in[p] & 0xff);
                        acc[1] += wgt * (in[p + 1] & 0xff);
                        acc[2] += wgt * (in[p + 2] & 0xff);
                        area += wgt;
                    }
                }
                for (int c = 0; c < 3; c++) {
                    out[3 * (y * w + x) + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(acc[c] / area)));
                }
            }
        }
        return new Pixels(w, h, out);
    }
}
