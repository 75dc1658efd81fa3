package dev.retinaface.core.anchors;

import java.util.Arrays;

/**
 * Anchor ("prior box") settings of a model: one stride per pyramid level and the square anchor sizes
 * (pixels) on that level. The reference MobileNet-0.25 uses strides 8, 16, 32 with sizes
 * {16, 32}, {64, 128}, {256, 512}.
 *
 * @param minSizes     anchor sizes per level, in pixels
 * @param steps        stride of each level, in pixels
 * @param boxVariance  variance of centre offsets (0.1)
 * @param sizeVariance variance of log size ratios (0.2)
 */
public record PriorConfig(int[][] minSizes, int[] steps, float boxVariance, float sizeVariance) {

    public PriorConfig {
        if (minSizes.length != steps.length || steps.length == 0) {
            throw new IllegalArgumentException("one list of anchor sizes per stride is needed");
        }
        for (int[] sizes : minSizes) {
            if (sizes.length == 0) {
                throw new IllegalArgumentException("a level without anchor sizes");
            }
        }
        minSizes = Arrays.stream(minSizes).map(int[]::clone).toArray(int[][]::new);
        steps = steps.clone();
    }

    /** Anchors of the pretrained reference models (biubug6/Pytorch_Retinaface {@code cfg_mnet}, {@code cfg_re50}). */
    public static PriorConfig reference() {
        return new PriorConfig(new int[][] {{16, 32}, {64, 128}, {256, 512}}, new int[] {8, 16, 32}, 0.1f, 0.2f);
    }

    /** Anchors per location on each level (the same on every level for the networks here). */
    public int anchorsPerCell(int level) {
        return minSizes[level].length;
    }

    @Override
    public int[][] minSizes() {
        return Arrays.stream(minSizes).map(int[]::clone).toArray(int[][]::new);
    }

    @Override
    public int[] steps() {
        return steps.clone();
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
}
