package dev.retinaface.cli.bench;

import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageResizer;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/** Benchmark inputs: a photo stretched to each frame size, or a synthetic picture when there is no photo. */
public final class BenchImages {

    private BenchImages() {
    }

    /** The photo resized (bilinear, aspect not kept) to {@code size}; compact BGR. */
    public static BufferedImage resized(BufferedImage photo, FrameSize size) {
        BufferedImage bgr = BgrImages.toBgr(photo);
        if (bgr.getWidth() == size.width() && bgr.getHeight() == size.height()) {
            return bgr;
        }
        return ImageResizer.bilinear(bgr, size.width(), size.height());
    }

    /**
     * A deterministic synthetic BGR picture: smooth gradients with a little noise and a few skin-toned discs, so the
     * network sees texture rather than a flat field (few or no faces are expected).
     */
    public static BufferedImage synthetic(FrameSize size) {
        int w = size.width();
        int h = size.height();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Random random = new Random(42);
        int discs = 12;
        int[] cx = new int[discs];
        int[] cy = new int[discs];
        int[] r = new int[discs];
        for (int d = 0; d < discs; d++) {
            cx[d] = random.nextInt(w);
            cy[d] = random.nextInt(h);
            r[d] = Math.max(4, Math.min(w, h) / (6 + random.nextInt(20)));
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int b = 40 + 150 * x / w;
                int g = 60 + 120 * y / h;
                int rr = 90 + 60 * (x + y) / (w + h);
                for (int d = 0; d < discs; d++) {
                    long dx = x - cx[d];
                    long dy = y - cy[d];
                    if (dx * dx + dy * dy < (long) r[d] * r[d]) {
                        b = 120;
                        g = 150;
                        rr = 200;
                    }
                }
                int noise = random.nextInt(17) - 8;
                int p = 3 * (y * w + x);
                px[p] = (byte) clamp(b + noise);
                px[p + 1] = (byte) clamp(g + noise);
                px[p + 2] = (byte) clamp(rr + noise);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
