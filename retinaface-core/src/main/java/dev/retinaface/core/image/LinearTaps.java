package dev.retinaface.core.image;

/**
 * Source taps of OpenCV's {@code INTER_LINEAR} along one axis: output coordinate {@code d} reads source samples
 * {@code first[d]} and {@code second[d]} with weights {@code 1 - frac[d]} and {@code frac[d]}. Centres are aligned
 * ({@code (d + 0.5) * scale - 0.5}), computed in float as OpenCV does.
 */
record LinearTaps(int[] first, int[] second, float[] frac) {

    /** OpenCV's fixed-point weight scale for 8-bit images (11 bits). */
    static final int COEF_SCALE = 1 << 11;

    /**
     * @param zeroOutside true for the horizontal axis, where OpenCV snaps taps outside the image to the border sample
     *                    with weight 1; false for the vertical axis, where it only clamps row indices and keeps the
     *                    weights (the sum is the same; the fixed-point rounding can differ by one)
     */
    static LinearTaps of(int srcSize, int dstSize, double scale, boolean zeroOutside) {
        int[] first = new int[dstSize];
        int[] second = new int[dstSize];
        float[] frac = new float[dstSize];
        for (int d = 0; d < dstSize; d++) {
            float f = (float) ((d + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            f -= s;
            if (zeroOutside) {
                if (s < 0) {
                    f = 0;
                    s = 0;
                }
                if (s >= srcSize - 1) {
                    f = 0;
                    s = srcSize - 1;
                }
            }
            first[d] = clamp(s, srcSize);
            second[d] = clamp(s + 1, srcSize);
            frac[d] = f;
        }
        return new LinearTaps(first, second, frac);
    }

    /** 11-bit weight of the first tap, rounded half to even like OpenCV's {@code saturate_cast<short>(float)}. */
    int fixedWeight0(int d) {
        return (int) Math.rint((1f - frac[d]) * COEF_SCALE);
    }

    /** 11-bit weight of the second tap. */
    int fixedWeight1(int d) {
        return (int) Math.rint(frac[d] * COEF_SCALE);
    }

    private static int clamp(int i, int size) {
        return Math.max(0, Math.min(size - 1, i));
    }
}
