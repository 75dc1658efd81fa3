package dev.retinaface.train.data;

import java.util.SplittableRandom;

/**
 * The reference's colour jitter ({@code _distort}): with probability ½ each, brightness (±32), contrast
 * (×0.5..1.5), saturation (×0.5..1.5) and hue (±18 in OpenCV's 0..180 units), contrast either first or last.
 * Arithmetic as in the reference: values clipped to 0..255 then truncated to integers; hue wraps modulo 180.
 */
public final class PhotometricDistortion {

    private PhotometricDistortion() {
    }

    /** Returns a distorted copy. */
    public static BgrImage apply(BgrImage image, SplittableRandom random) {
        byte[] d = image.data().clone();
        if (random.nextBoolean()) {
            if (random.nextBoolean()) {
                convert(d, 0, 1, 1, random.nextDouble(-32, 32));
            }
            if (random.nextBoolean()) {
                convert(d, 0, 1, random.nextDouble(0.5, 1.5), 0);
            }
            hsvJitter(d, random);
        } else {
            if (random.nextBoolean()) {
                convert(d, 0, 1, 1, random.nextDouble(-32, 32));
            }
            hsvJitter(d, random);
            if (random.nextBoolean()) {
                convert(d, 0, 1, random.nextDouble(0.5, 1.5), 0);
            }
        }
        return new BgrImage(image.width(), image.height(), d);
    }

    /** {@code v = clip(v · alpha + beta, 0, 255)} truncated, on channel {@code first} (stride) or all when stride 1. */
    private static void convert(byte[] d, int first, int stride, double alpha, double beta) {
        for (int i = first; i < d.length; i += stride) {
            double v = (d[i] & 0xff) * alpha + beta;
            d[i] = (byte) (int) Math.max(0, Math.min(255, v));
        }
    }

    private static void hsvJitter(byte[] d, SplittableRandom random) {
        boolean saturation = random.nextBoolean();
        double alpha = saturation ? random.nextDouble(0.5, 1.5) : 1;
        boolean hue = random.nextBoolean();
        int shift = hue ? random.nextInt(-18, 19) : 0;
        // the reference converts to HSV and back even when neither jitter fires (a lossy round trip)
        byte[] hsv = toHsv(d);
        if (saturation) {
            convert(hsv, 1, 3, alpha, 0);
        }
        if (hue) {
            for (int i = 0; i < hsv.length; i += 3) {
                hsv[i] = (byte) Math.floorMod((hsv[i] & 0xff) + shift, 180);
            }
        }
        fromHsv(hsv, d);
    }

    /** OpenCV {@code COLOR_BGR2HSV} for 8-bit images: H in 0..180, S and V in 0..255. */
    static byte[] toHsv(byte[] bgr) {
        byte[] out = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            int b = bgr[i] & 0xff, g = bgr[i + 1] & 0xff, r = bgr[i + 2] & 0xff;
            int v = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            int diff = v - min;
            int s = v == 0 ? 0 : (int) Math.round(255.0 * diff / v);
            double h;
            if (diff == 0) {
                h = 0;
            } else if (v == r) {
                h = 60.0 * (g - b) / diff;
            } else if (v == g) {
                h = 120 + 60.0 * (b - r) / diff;
            } else {
                h = 240 + 60.0 * (r - g) / diff;
            }
            if (h < 0) {
                h += 360;
            }
            int h8 = (int) Math.round(h / 2);
            out[i] = (byte) (h8 >= 180 ? h8 - 180 : h8);
            out[i + 1] = (byte) s;
            out[i + 2] = (byte) v;
        }
        return out;
    }

    /** OpenCV {@code COLOR_HSV2BGR} for 8-bit images, rounding to the nearest integer. */
    static void fromHsv(byte[] hsv, byte[] bgr) {
        for (int i = 0; i < hsv.length; i += 3) {
            double h = (hsv[i] & 0xff) * 2 / 60.0;
            double s = (hsv[i + 1] & 0xff) / 255.0;
            double v = (hsv[i + 2] & 0xff) / 255.0;
            int sector = (int) Math.floor(h);
            double f = h - sector;
            sector = Math.floorMod(sector, 6);
            double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
            double r, g, b;
            switch (sector) {
                case 0 -> { r = v; g = t; b = p; }
                case 1 -> { r = q; g = v; b = p; }
                case 2 -> { r = p; g = v; b = t; }
                case 3 -> { r = p; g = q; b = v; }
                case 4 -> { r = t; g = p; b = v; }
                default -> { r = v; g = p; b = q; }
            }
            bgr[i] = (byte) Math.min(255, (int) Math.round(b * 255));
            bgr[i + 1] = (byte) Math.min(255, (int) Math.round(g * 255));
            bgr[i + 2] = (byte) Math.min(255, (int) Math.round(r * 255));
        }
    }
}
