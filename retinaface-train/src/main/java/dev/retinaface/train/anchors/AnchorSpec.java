package dev.retinaface.train.anchors;

import dev.retinaface.core.anchors.PriorConfig;

import java.util.Arrays;

/**
 * Anchor layout for training: one stride per pyramid level and the square anchor sizes (pixels, may be
 * fractional) on that level. Anchors are ordered level by level, row by row, column by column, then by size,
 * which is the order the network heads emit.
 *
 * @param sizes        anchor sizes per level, in pixels
 * @param steps        stride of each level, in pixels
 * @param boxVariance  variance of centre offsets (0.1)
 * @param sizeVariance variance of log size ratios (0.2)
 */
public record AnchorSpec(float[][] sizes, int[] steps, float boxVariance, float sizeVariance) {

    public AnchorSpec {
        if (sizes.length != steps.length || steps.length == 0) {
            throw new IllegalArgumentException("one list of anchor sizes per stride is needed");
        }
        for (float[] s : sizes) {
            if (s.length == 0) {
                throw new IllegalArgumentException("a level without anchor sizes");
            }
        }
        sizes = Arrays.stream(sizes).map(float[]::clone).toArray(float[][]::new);
        steps = steps.clone();
    }

    /** The anchors of the pretrained reference models: strides 8, 16, 32, sizes {16, 32}, {64, 128}, {256, 512}. */
    public static AnchorSpec reference() {
        return of(PriorConfig.reference());
    }

    /**
     * The paper's anchors: P2..P6 (strides 4..64), three sizes per level 2^(1/3) apart starting at
     * 16, 32, 64, 128, 256 pixels (16 .. 406 px); 102,300 anchors at 640×640.
     */
    public static AnchorSpec paper() {
        int[] steps = {4, 8, 16, 32, 64};
        float[][] sizes = new float[5][3];
        for (int level = 0; level < 5; level++) {
            for (int k = 0; k < 3; k++) {
                sizes[level][k] = (float) (16 * Math.pow(2, level) * Math.pow(2, k / 3.0));
            }
        }
        return new AnchorSpec(sizes, steps, 0.1f, 0.2f);
    }

    /** The training layout of a detector's {@link PriorConfig}. */
    public static AnchorSpec of(PriorConfig config) {
        int[][] min = config.minSizes();
        float[][] sizes = new float[min.length][];
        for (int i = 0; i < min.length; i++) {
            sizes[i] = new float[min[i].length];
            for (int k = 0; k < min[i].length; k++) {
                sizes[i][k] = min[i][k];
            }
        }
        return new AnchorSpec(sizes, config.steps(), config.boxVariance(), config.sizeVariance());
    }

    /** Anchors per location on {@code level}. */
    public int anchorsPerCell(int level) {
        return sizes[level].length;
    }

    /** Number of anchors for an input of {@code height × width}: grids of ceil(size / stride) cells. */
    public int count(int height, int width) {
        int n = 0;
        for (int level = 0; level < steps.length; level++) {
            n += ceilDiv(height, steps[level]) * ceilDiv(width, steps[level]) * sizes[level].length;
        }
        return n;
    }

    /**
     * Anchors for an input of {@code height × width} as {@code (cx, cy, w, h)} quadruples normalised by the
     * image width (x, w) and height (y, h), float32 as the reference computes them.
     */
    public float[] generate(int height, int width) {
        float[] out = new float[count(height, width) * 4];
        int o = 0;
        for (int level = 0; level < steps.length; level++) {
            int step = steps[level];
            int rows = ceilDiv(height, step);
            int cols = ceilDiv(width, step);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    for (float size : sizes[level]) {
                        out[o++] = (float) ((j + 0.5) * step / width);
                        out[o++] = (float) ((i + 0.5) * step / height);
                        out[o++] = (float) ((double) size / width);
                        out[o++] = (float) ((double) size / height);
                    }
                }
            }
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public float[][] sizes() {
        return Arrays.stream(sizes).map(float[]::clone).toArray(float[][]::new);
    }

    @Override
    public int[] steps() {
        return steps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnchorSpec a && Arrays.deepEquals(sizes, a.sizes) && Arrays.equals(steps, a.steps)
                && boxVariance == a.boxVariance && sizeVariance == a.sizeVariance;
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(sizes) * 31 + Arrays.hashCode(steps);
    }

    @Override
    public String toString() {
        return "AnchorSpec" + Arrays.deepToString(sizes) + " steps " + Arrays.toString(steps);
    }
}
