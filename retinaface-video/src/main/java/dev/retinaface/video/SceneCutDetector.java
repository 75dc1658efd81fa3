package dev.retinaface.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Finds hard cuts: each frame is reduced to a 32×24 grey thumbnail, and a cut is a mean absolute difference to the
 * previous frame's thumbnail above a threshold (in grey levels). Pans, zooms and people moving change a thumbnail
 * little; a cut to another scene changes it a lot. After a cut, the tracker starts over, so faces of the new scene
 * never inherit ids from faces that happened to stand in the same place.
 */
final class SceneCutDetector {

    private static final int TW = 32;
    private static final int TH = 24;

    private final double threshold;
    private int[] previous;
    private int[] current = new int[TW * TH];

    /** @param threshold mean grey-level difference that counts as a cut; 0 or less turns detection off */
    SceneCutDetector(double threshold) {
        this.threshold = threshold;
    }

    /** Whether {@code bgr} starts a new scene. */
    boolean isCut(BufferedImage bgr) {
        if (threshold <= 0) {
            return false;
        }
        thumbnail(bgr, current);
        boolean cut = false;
        if (previous != null) {
            long sum = 0;
            for (int i = 0; i < current.length; i++) {
                sum += Math.abs(current[i] - previous[i]);
            }
            cut = sum / (double) current.length > threshold;
        } else {
            previous = new int[TW * TH];
        }
        int[] swap = previous;
        previous = current;
        current = swap;
        return cut;
    }

    private static void thumbnail(BufferedImage bgr, int[] out) {
        byte[] p = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        int w = bgr.getWidth();
        int h = bgr.getHeight();
        for (int ty = 0; ty < TH; ty++) {
            int y0 = ty * h / TH;
            int y1 = Math.max(y0 + 1, (ty + 1) * h / TH);
            for (int tx = 0; tx < TW; tx++) {
                int x0 = tx * w / TW;
                int x1 = Math.max(x0 + 1, (tx + 1) * w / TW);
                long sum = 0;
                int n = 0;
                // every second pixel each way is plenty for a mean
                for (int y = y0; y < y1; y += 2) {
                    for (int x = x0; x < x1; x += 2) {
                        int i = (y * w + x) * 3;
                        sum += (p[i] & 0xFF) + 2 * (p[i + 1] & 0xFF) + (p[i + 2] & 0xFF);
                        n++;
                    }
                }
                out[ty * TW + tx] = (int) (sum / (4L * n));
            }
        }
    }
}
