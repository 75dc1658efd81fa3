package dev.retinaface.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Estimates how the whole picture moved since the previous frame (a camera pan or shake), as a translation in pixels,
 * so the tracker can move every track along before matching (camera-motion compensation, as in BoT-SORT), and zooms. Small
 * faces in a fast pan otherwise jump further between frames than their own size, and IoU matching loses them.
 *
 * <p>Frames are reduced to grey images about 160 pixels wide; the shift minimising the mean absolute difference is
 * searched on a half-size copy (±8 pixels there, so ±16 at 160 wide, about ±64 at 640) and refined at full working
 * size. Costs about a millisecond per frame.
 */
final class CameraMotion {

    private static final int WORK_WIDTH = 160;
    private static final int COARSE_RANGE = 8;
    private static final int FINE_RANGE = 2;

    private final int factor;
    private final int fw;
    private final int fh;
    private final int cw;
    private final int ch;
    private int[] prevFine;
    private int[] prevCoarse;
    private int[] fine;
    private int[] coarse;

    CameraMotion(int width, int height) {
        this.factor = Math.max(1, width / WORK_WIDTH);
        this.fw = width / factor;
        this.fh = height / factor;
        this.cw = fw / 2;
        this.ch = fh / 2;
        this.fine = new int[fw * fh];
        this.coarse = new int[cw * ch];
    }

    /**
     * The camera move from the previous frame to {@code bgr} as {scale, dx, dy}: a point p of the previous frame is
     * at {@code centre + scale × (p - centre) + (dx, dy)} now (centre: the frame's centre). The shift comes from the
     * whole picture; the scale (a zoom) from how differently the left and right halves, and the top and bottom
     * halves, moved. {1, 0, 0} for the first frame.
     */
    float[] next(BufferedImage bgr) {
        reduce(bgr);
        float[] move = {1, 0, 0};
        if (prevFine != null && cw > 2 * COARSE_RANGE + 4 && ch > 2 * COARSE_RANGE + 4) {
            double[] c = search(prevCoarse, coarse, cw, ch, 0, 0, COARSE_RANGE, 0, 0, cw, ch);
            int gx = (int) Math.round(2 * c[0]);
            int gy = (int) Math.round(2 * c[1]);
            double[] all = search(prevFine, fine, fw, fh, gx, gy, FINE_RANGE, 0, 0, fw, fh);
            double[] left = search(prevFine, fine, fw, fh, gx, gy, FINE_RANGE, 0, 0, fw / 2, fh);
            double[] right = search(prevFine, fine, fw, fh, gx, gy, FINE_RANGE, fw / 2, 0, fw, fh);
            double[] top = search(prevFine, fine, fw, fh, gx, gy, FINE_RANGE, 0, 0, fw, fh / 2);
            double[] bottom = search(prevFine, fine, fw, fh, gx, gy, FINE_RANGE, 0, fh / 2, fw, fh);
            // halves' centres are a quarter of the size from the middle: their shifts differ by (scale - 1) × size / 2
            double sx = 1 + (right[0] - left[0]) / (fw / 2.0);
            double sy = 1 + (bottom[1] - top[1]) / (fh / 2.0);
            double scale = Math.max(0.9, Math.min(1.1, (sx + sy) / 2));
            move[0] = (float) scale;
            move[1] = (float) (all[0] * factor);
            move[2] = (float) (all[1] * factor);
        }
        int[] t = prevFine;
        prevFine = fine;
        fine = t != null ? t : new int[fw * fh];
        t = prevCoarse;
        prevCoarse = coarse;
        coarse = t != null ? t : new int[cw * ch];
        return move;
    }

    /** Forgets the previous frame (after a scene cut). */
    void reset() {
        prevFine = null;
        prevCoarse = null;
        fine = new int[fw * fh];
        coarse = new int[cw * ch];
    }

    /**
     * The shift (dx, dy), searched within the region [rx0, rx1) × [ry0, ry1), with {@code cur(x + dx, y + dy) ≈
     * prev(x, y)} near (cx, cy), within ±range; refined below a pixel by a parabola through the neighbouring costs.
     */
    private static double[] search(int[] prev, int[] cur, int w, int h, int cx, int cy, int range,
                                   int rx0, int ry0, int rx1, int ry1) {
        int margin = Math.max(Math.abs(cx), Math.abs(cy)) + range + 1;
        int x0 = Math.max(rx0, margin);
        int x1 = Math.min(rx1, w - margin);
        int y0 = Math.max(ry0, margin);
        int y1 = Math.min(ry1, h - margin);
        if (x1 - x0 < 4 || y1 - y0 < 4) {
            return new double[] {cx, cy};
        }
        int bx = cx;
        int by = cy;
        long bestCost = Long.MAX_VALUE;
        for (int dy = cy - range; dy <= cy + range; dy++) {
            for (int dx = cx - range; dx <= cx + range; dx++) {
                long cost = cost(prev, cur, w, dx, dy, x0, y0, x1, y1, bestCost);
                // prefer no motion on ties (flat or static pictures)
                if (cost < bestCost || (cost == bestCost && Math.abs(dx) + Math.abs(dy) < Math.abs(bx) + Math.abs(by))) {
                    bestCost = cost;
                    bx = dx;
                    by = dy;
                }
            }
        }
        long c0 = bestCost;
        double fx = subPixel(cost(prev, cur, w, bx - 1, by, x0, y0, x1, y1, Long.MAX_VALUE), c0,
                cost(prev, cur, w, bx + 1, by, x0, y0, x1, y1, Long.MAX_VALUE));
        double fy = subPixel(cost(prev, cur, w, bx, by - 1, x0, y0, x1, y1, Long.MAX_VALUE), c0,
                cost(prev, cur, w, bx, by + 1, x0, y0, x1, y1, Long.MAX_VALUE));
        return new double[] {bx + fx, by + fy};
    }

    private static double subPixel(long before, long at, long after) {
        double curvature = before - 2.0 * at + after;
        return curvature > 0 ? Math.max(-0.5, Math.min(0.5, (before - after) / (2 * curvature))) : 0;
    }

    private static long cost(int[] prev, int[] cur, int w, int dx, int dy, int x0, int y0, int x1, int y1, long stopAt) {
        long cost = 0;
        for (int y = y0; y < y1; y++) {
            int p = y * w;
            int q = (y + dy) * w + dx;
            for (int x = x0; x < x1; x++) {
                cost += Math.abs(prev[p + x] - cur[q + x]);
            }
            if (cost >= stopAt) {
                return cost;
            }
        }
        return cost;
    }

    private void reduce(BufferedImage bgr) {
        byte[] p = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        int w = bgr.getWidth();
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                int sum = 0;
                // the centre pixel of each block and one diagonal neighbour: enough for a grey thumbnail
                int sx = x * factor + factor / 2;
                int sy = y * factor + factor / 2;
                int i = (sy * w + sx) * 3;
                sum += (p[i] & 0xFF) + 2 * (p[i + 1] & 0xFF) + (p[i + 2] & 0xFF);
                int j = (Math.max(0, sy - factor / 4) * w + Math.max(0, sx - factor / 4)) * 3;
                sum += (p[j] & 0xFF) + 2 * (p[j + 1] & 0xFF) + (p[j + 2] & 0xFF);
                fine[y * fw + x] = sum >> 3;
            }
        }
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int a = 2 * y * fw + 2 * x;
                coarse[y * cw + x] = (fine[a] + fine[a + 1] + fine[a + fw] + fine[a + fw + 1]) >> 2;
            }
        }
    }
}
