package dev.retinaface.core.anchors;

import java.util.Arrays;

/**
 * Anchor ("prior box") settings of a model: one stride per pyramid level and the square anchor sizes
 * (pixels, possibly fractional) on that level. The one anchor description of the library: detection
 * ({@link PriorBoxes}, post-processing) and training (anchor matching) both generate their grids from it.
 *
 * <ul>
 *   <li>{@link #reference()}: the pretrained MobileNet-0.25 and ResNet-50, strides 8, 16, 32 with sizes
 *       {16, 32}, {64, 128}, {256, 512};</li>
 *   <li>{@link #paper()}: the paper's P2..P6, strides 4..64 with three sizes per level 2^(1/3) apart.</li>
 * </ul>
 *
 * @param minSizes     anchor sizes per level, in pixels
 * @param steps        stride of each level, in pixels
 * @param boxVariance  variance of centre offsets (0.1)
 * @param sizeVariance variance of log size ratios (0.2)
 */
public record PriorConfig(float[][] minSizes, int[] steps, float boxVariance, float sizeVariance) {

    public PriorConfig {
        if (minSizes.length != steps.length || steps.length == 0) {
            throw new IllegalArgumentException("one list of anchor sizes per stride is needed");
        }
        for (float[] sizes : minSizes) {
            if (sizes.length == 0) {
                throw new IllegalArgumentException("a level without anchor sizes");
            }
            for (float size : sizes) {
                if (!(size > 0f) || Float.isInfinite(size)) {
                    throw new IllegalArgumentException("anchor sizes must be positive and finite, got " + size);
                }
            }
        }
        for (int step : steps) {
            if (step <= 0) {
                throw new IllegalArgumentException("strides must be positive, got " + step);
            }
        }
        minSizes = Arrays.stream(minSizes).map(float[]::clone).toArray(float[][]::new);
        steps = steps.clone();
    }

    /** Whole-pixel anchor sizes, as the published configurations give them. */
    public PriorConfig(int[][] minSizes, int[] steps, float boxVariance, float sizeVariance) {
        this(toFloat(minSizes), steps, boxVariance, sizeVariance);
    }

    /** Anchors of the pretrained reference models (biubug6/Pytorch_Retinaface {@code cfg_mnet}, {@code cfg_re50}). */
    public static PriorConfig reference() {
        return new PriorConfig(new int[][] {{16, 32}, {64, 128}, {256, 512}}, new int[] {8, 16, 32}, 0.1f, 0.2f);
    }

    /**
     * The paper's anchors: P2..P6 (strides 4..64), three sizes per level 2^(1/3) apart starting at
     * 16, 32, 64, 128, 256 pixels (16 .. 406 px); 102,300 anchors at 640x640. Each size is computed in double and
     * stored as float32.
     */
    public static PriorConfig paper() {
        int[] steps = {4, 8, 16, 32, 64};
        float[][] sizes = new float[5][3];
        for (int level = 0; level < 5; level++) {
            for (int k = 0; k < 3; k++) {
                sizes[level][k] = (float) (16 * Math.pow(2, level) * Math.pow(2, k / 3.0));
            }
        }
        return new PriorConfig(sizes, steps, 0.1f, 0.2f);
    }

    /** Number of pyramid levels. */
    public int levels() {
        return steps.length;
    }

    /** Anchors per location on each level (the same on every level for the networks here). */
    public int anchorsPerCell(int level) {
        return minSizes[level].length;
    }

    @Override
    public float[][] minSizes() {
        return Arrays.stream(minSizes).map(float[]::clone).toArray(float[][]::new);
    }

    @Override
    public int[] steps() {
        return steps.clone();
    }

    /** The sizes of one level, without copying every level (package use by the grid generator). */
    float size(int level, int k) {
        return minSizes[level][k];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriorConfig p && Arrays.deepEquals(minSizes, p.minSizes) && Arrays.equals(steps, p.steps)
                && boxVariance == p.boxVariance && sizeVariance == p.sizeVariance;
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(minSizes) * 31 + Arrays.hashCode(steps);
    }

    @Override
    public String toString() {
        return "PriorConfig" + Arrays.deepToString(minSizes) + " steps " + Arrays.toString(steps);
    }

    private static float[][] toFloat(int[][] sizes) {
        float[][] out = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            out[i] = new float[sizes[i].length];
            for (int k = 0; k < sizes[i].length; k++) {
                out[i][k] = sizes[i][k];
            }
        }
        return out;
    }
}
