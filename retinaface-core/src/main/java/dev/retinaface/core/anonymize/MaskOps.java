package dev.retinaface.core.anonymize;

/** The pixel operations of the mask styles, on interleaved BGR bytes, limited to one rectangle. */
final class MaskOps {

    private MaskOps() {
    }

    /** Three box-blur passes each way (close to a Gaussian of sigma ≈ radius), edges clamped to the rectangle. */
    static void blur(byte[] bgr, int stride, int x0, int y0, int x1, int y1, int radius) {
        int w = x1 - x0;
        int h = y1 - y0;
        int[] plane = new int[w * h];
        int[] scratch = new int[Math.max(w, h)];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int row = ((y0 + y) * stride + x0) * 3 + c;
                for (int x = 0; x < w; x++) {
                    plane[y * w + x] = bgr[row + 3 * x] & 0xFF;
                }
            }
            for (int pass = 0; pass < 3; pass++) {
                for (int y = 0; y < h; y++) {
                    boxLine(plane, y * w, 1, w, radius, scratch);
                }
                for (int x = 0; x < w; x++) {
                    boxLine(plane, x, w, h, radius, scratch);
                }
            }
            for (int y = 0; y < h; y++) {
                int row = ((y0 + y) * stride + x0) * 3 + c;
                for (int x = 0; x < w; x++) {
                    bgr[row + 3 * x] = (byte) plane[y * w + x];
                }
            }
        }
    }

    /** A running-sum box filter over {@code n} values {@code step} apart, indices clamped to the line. */
    private static void boxLine(int[] v, int start, int step, int n, int radius, int[] out) {
        int r = Math.min(radius, n - 1);
        int window = 2 * r + 1;
        long sum = 0;
        for (int k = -r; k <= r; k++) {
            sum += v[start + step * clamp(k, n)];
        }
        for (int i = 0; i < n; i++) {
            out[i] = (int) ((sum + window / 2) / window);
            sum += v[start + step * clamp(i + r + 1, n)] - v[start + step * clamp(i - r, n)];
        }
        for (int i = 0; i < n; i++) {
            v[start + step * i] = out[i];
        }
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /** Blocks of {@code block × block} pixels, each set to its mean colour; blocks start at the rectangle's corner. */
    static void pixelate(byte[] bgr, int stride, int x0, int y0, int x1, int y1, int block) {
        for (int by = y0; by < y1; by += block) {
            int ey = Math.min(by + block, y1);
            for (int bx = x0; bx < x1; bx += block) {
                int ex = Math.min(bx + block, x1);
                long b = 0;
                long g = 0;
                long r = 0;
                for (int y = by; y < ey; y++) {
                    for (int x = bx; x < ex; x++) {
                        int p = (y * stride + x) * 3;
                        b += bgr[p] & 0xFF;
                        g += bgr[p + 1] & 0xFF;
                        r += bgr[p + 2] & 0xFF;
                    }
                }
                int n = (ey - by) * (ex - bx);
                fillBgr(bgr, stride, bx, by, ex, ey, (byte) (b / n), (byte) (g / n), (byte) (r / n));
            }
        }
    }

    /** One colour (0xRRGGBB) over the rectangle. */
    static void fill(byte[] bgr, int stride, int x0, int y0, int x1, int y1, int rgb) {
        fillBgr(bgr, stride, x0, y0, x1, y1, (byte) rgb, (byte) (rgb >> 8), (byte) (rgb >> 16));
    }

    private static void fillBgr(byte[] bgr, int stride, int x0, int y0, int x1, int y1, byte b, byte g, byte r) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = (y * stride + x) * 3;
                bgr[p] = b;
                bgr[p + 1] = g;
                bgr[p + 2] = r;
            }
        }
    }
}
