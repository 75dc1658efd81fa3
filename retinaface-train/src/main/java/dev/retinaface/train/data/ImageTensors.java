package dev.retinaface.train.data;

import java.awt.image.BufferedImage;

/** Converts images to the network input layout: CHW float, BGR order, minus the reference mean (104, 117, 123). */
public final class ImageTensors {

    /** Per-channel mean subtracted from B, G, R. */
    public static final float[] BGR_MEAN = {104f, 117f, 123f};

    private ImageTensors() {
    }

    /** CHW BGR floats minus {@link #BGR_MEAN}, {@code 3 × height × width} values. */
    public static float[] toBgrMinusMean(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        return fromPackedRgb(argb, w, h);
    }

    /** The same for packed {@code 0xRRGGBB} pixels, row-major. */
    public static float[] fromPackedRgb(int[] rgb, int width, int height) {
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[i] = (p & 0xff) - BGR_MEAN[0];
            out[plane + i] = ((p >> 8) & 0xff) - BGR_MEAN[1];
            out[2 * plane + i] = ((p >> 16) & 0xff) - BGR_MEAN[2];
        }
        return out;
    }
}
