package dev.retinaface.core.anonymize;

/** The pixel operations of the mask styles, on interleaved BGR bytes, limited to one rectangle. */
final class MaskOps {

    private MaskOps() {
    }

    /**
     * A blur close to a Gaussian of sigma ≈ {@code radius}, edges clamped to the rectangle. Strong blurs are computed
     * on a copy shrunk by block averages (about {@code radius / 3} pixels to a block), blurred there with three box passes
     * each way, and enlarged back bilinearly: the result is as smooth as the full-size blur (what is left after a
     * blur of this strength has no detail at the block scale), at a small fraction of the cost. Weak blurs (radius
     * below 4, faces under about 16 pixels) run at full size.
     */
    static void blur(byte[] bgr, int stride, int x0, int y0, int x1, int y1, int radius) {
        int w = x1 - x0;
        int h = y1 - y0;
        int block = Math.max(1, (radius + 2) / 3);
        int sw = (w + block - 1) / block;
        int sh = (h + block - 1) / block;
        int r = Math.max(1, Math.round(radius / (float) block));
        int[] small = new int[sw * sh * 3];
        shrink(bgr, stride, x0, y0, w, h, block, small, sw, sh);
        int[] line = new int[(Math.max(sw, sh) + 2 * r) * 3];
        for (int pass = 0; pass < 3; pass++) {
            for (int y = 0; y < sh; y++) {
                boxLine(small, y * sw * 3, 3, sw, r, line);
            }
            for (int x = 0; x < sw; x++) {
                boxLine(small, x * 3, sw * 3, sh, r, line);
            }
        }
        if (block == 1) {
            for (int y = 0; y < h; y++) {
                int row = ((y0 + y) * stride + x0) * 3;
                int from = y * w * 3;
                for (int i = 0; i < w * 3; i++) {
                    bgr[row + i] = (byte) small[from + i];
                }
            }
        } else {
            enlarge(small, sw, sh, block, bgr, stride, x0, y0, w, h);
        }
    }

    /** Block means of the rectangle ({@code block × block} pixels, fewer at the right and bottom edges), BGR interleaved. */
    private static void shrink(byte[] bgr, int stride, int x0, int y0, int w, int h, int block, int[] small, int sw, int sh) {
        if (block == 1) {
            for (int y = 0; y < h; y++) {
                int row = ((y0 + y) * stride + x0) * 3;
                int to = y * w * 3;
                for (int i = 0; i < w * 3; i++) {
                    small[to + i] = bgr[row + i] & 0xFF;
                }
            }
            return;
        }
        int[] cell = new int[w];
        for (int x = 0; x < w; x++) {
            cell[x] = (x / block) * 3;
        }
        for (int y = 0; y < h; y++) {
            int row = ((y0 + y) * stride + x0) * 3;
            int cellRow = (y / block) * sw * 3;
            for (int x = 0; x < w; x++) {
                int p = row + 3 * x;
                int q = cellRow + cell[x];
                small[q] += bgr[p] & 0xFF;
                small[q + 1] += bgr[p + 1] & 0xFF;
                small[q + 2] += bgr[p + 2] & 0xFF;
            }
        }
        for (int cy = 0; cy < sh; cy++) {
            int rows = Math.min(block, h - cy * block);
            for (int cx = 0; cx < sw; cx++) {
                int n = rows * Math.min(block, w - cx * block);
                int q = (cy * sw + cx) * 3;
                small[q] = (small[q] + n / 2) / n;
                small[q + 1] = (small[q + 1] + n / 2) / n;
                small[q + 2] = (small[q + 2] + n / 2) / n;
            }
        }
    }

    /** Bilinear enlargement of the block image back over the rectangle (block centres at the blocks' middles). */
    private static void enlarge(int[] small, int sw, int sh, int block, byte[] bgr, int stride, int x0, int y0, int w, int h) {
        int[] xa = new int[w];
        int[] xb = new int[w];
        int[] xw = new int[w];
        axis(w, block, sw, xa, xb, xw);
        int[] ya = new int[h];
        int[] yb = new int[h];
        int[] yw = new int[h];
        axis(h, block, sh, ya, yb, yw);
        int[] mixed = new int[sw * 3];
        for (int y = 0; y < h; y++) {
            // blend the two block rows around this row once, then each pixel blends two neighbours of that
            int top = ya[y] * sw * 3;
            int bottom = yb[y] * sw * 3;
            int wy = yw[y];
            for (int i = 0; i < sw * 3; i++) {
                mixed[i] = small[top + i] * (256 - wy) + small[bottom + i] * wy;
            }
            int row = ((y0 + y) * stride + x0) * 3;
            for (int x = 0; x < w; x++) {
                int a = 3 * xa[x];
                int b = 3 * xb[x];
                int wx = xw[x];
                int p = row + 3 * x;
                bgr[p] = (byte) ((mixed[a] * (256 - wx) + mixed[b] * wx + 32768) >> 16);
                bgr[p + 1] = (byte) ((mixed[a + 1] * (256 - wx) + mixed[b + 1] * wx + 32768) >> 16);
                bgr[p + 2] = (byte) ((mixed[a + 2] * (256 - wx) + mixed[b + 2] * wx + 32768) >> 16);
            }
        }
    }

    /** For each of n pixels: the two neighbouring blocks and the weight of the second, out of 256. */
    private static void axis(int n, int block, int cells, int[] a, int[] b, int[] weight) {
        for (int i = 0; i < n; i++) {
            double pos = (i + 0.5) / block - 0.5;
            int lo = (int) Math.floor(pos);
            double frac = pos - lo;
            if (lo < 0) {
                lo = 0;
                frac = 0;
            } else if (lo >= cells - 1) {
                lo = cells - 1;
                frac = 0;
            }
            a[i] = lo;
            b[i] = Math.min(lo + 1, cells - 1);
            weight[i] = (int) Math.round(frac * 256);
        }
    }

    /**
     * A running-sum box filter of radius r over n BGR pixels starting at {@code start}, {@code step} ints apart,
     * edge pixels repeated; {@code line} is scratch of at least {@code (n + 2r) × 3} ints.
     */
    private static void boxLine(int[] v, int start, int step, int n, int radius, int[] line) {
        int r = Math.min(radius, n - 1);
        int window = 2 * r + 1;
        int padded = n + 2 * r;
        for (int i = 0; i < padded; i++) {
            int j = i - r;
            int p = start + step * (j < 0 ? 0 : j >= n ? n - 1 : j);
            line[3 * i] = v[p];
            line[3 * i + 1] = v[p + 1];
            line[3 * i + 2] = v[p + 2];
        }
        // divide by the window with one multiply: (sum * m) >> 20 rounds to within one level for windows below 4000
        long m = ((1L << 20) + window - 1) / window;
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        for (int i = 0; i < window; i++) {
            s0 += line[3 * i];
            s1 += line[3 * i + 1];
            s2 += line[3 * i + 2];
        }
        int half = window / 2;
        for (int i = 0; i < n; i++) {
            int p = start + step * i;
            v[p] = (int) (((s0 + half) * m) >> 20);
            v[p + 1] = (int) (((s1 + half) * m) >> 20);
            v[p + 2] = (int) (((s2 + half) * m) >> 20);
            if (i + 1 < n) {
                int in = 3 * (i + window);
                int out = 3 * i;
                s0 += line[in] - line[out];
                s1 += line[in + 1] - line[out + 1];
                s2 += line[in + 2] - line[out + 2];
            }
        }
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
