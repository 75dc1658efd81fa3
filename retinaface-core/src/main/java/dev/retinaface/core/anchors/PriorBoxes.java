package dev.retinaface.core.anchors;

import java.util.Objects;

/**
 * Generates the anchor ("prior box") grid of an input size, the way the reference {@code PriorBox} does.
 *
 * <p>Layout: four floats per anchor, {@code (cx, cy, w, h)} normalised by the input width (x, w) and height
 * (y, h). Order: level by level (in {@link PriorConfig#steps()} order), then row, then column, then anchor size.
 * A level with stride {@code s} has a {@code ceil(H/s) x ceil(W/s)} grid; the anchor of cell {@code (i, j)} is
 * centred on {@code ((j + 0.5) s, (i + 0.5) s)} pixels.
 *
 * <p>Arithmetic: the reference computes each value in Python doubles and stores it as float32; so does this
 * class, so the values are bit-identical to {@code PriorBox(cfg, (H, W)).forward()} (no clipping).
 */
public final class PriorBoxes {

    /** Floats per anchor. */
    public static final int STRIDE = 4;

    private PriorBoxes() {
    }

    /** Number of anchors {@link #generate} returns for an input of {@code height x width} pixels. */
    public static int count(PriorConfig config, int height, int width) {
        checkSize(height, width);
        int[] steps = config.steps();
        long total = 0;
        for (int level = 0; level < steps.length; level++) {
            total += (long) ceilDiv(height, steps[level]) * ceilDiv(width, steps[level]) * config.anchorsPerCell(level);
        }
        if (total * STRIDE > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("input " + width + "x" + height + " gives too many anchors: " + total);
        }
        return (int) total;
    }

    /**
     * The anchor boxes as corners {@code (cx - w/2, cy - h/2, cx + w/2, cy + h/2)} in float32 (box_utils
     * {@code point_form}), the form anchor matching compares ground truth with.
     */
    public static float[] corners(float[] priors) {
        if (priors.length % STRIDE != 0) {
            throw new IllegalArgumentException("priors hold 4 floats per anchor, got " + priors.length + " floats");
        }
        float[] out = new float[priors.length];
        for (int p = 0; p < priors.length; p += STRIDE) {
            float cx = priors[p];
            float cy = priors[p + 1];
            float w = priors[p + 2];
            float h = priors[p + 3];
            out[p] = cx - w / 2;
            out[p + 1] = cy - h / 2;
            out[p + 2] = cx + w / 2;
            out[p + 3] = cy + h / 2;
        }
        return out;
    }

    /**
     * The anchors of an input of {@code height x width} pixels (the size fed to the network, after resizing).
     *
     * @return {@code count * 4} floats {@code (cx, cy, w, h)}, normalised, in reference order
     */
    public static float[] generate(PriorConfig config, int height, int width) {
        Objects.requireNonNull(config, "config");
        float[] out = new float[count(config, height, width) * STRIDE];
        int[] steps = config.steps();
        int k = 0;
        for (int level = 0; level < steps.length; level++) {
            int step = steps[level];
            int rows = ceilDiv(height, step);
            int cols = ceilDiv(width, step);
            int perCell = config.anchorsPerCell(level);
            for (int i = 0; i < rows; i++) {
                float cy = (float) ((i + 0.5) * step / height);
                for (int j = 0; j < cols; j++) {
                    float cx = (float) ((j + 0.5) * step / width);
                    for (int a = 0; a < perCell; a++) {
                        double size = config.size(level, a);
                        out[k++] = cx;
                        out[k++] = cy;
                        out[k++] = (float) (size / width);
                        out[k++] = (float) (size / height);
                    }
                }
            }
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static void checkSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
    }
}
