package dev.retinaface.core.boxes;

import java.util.Arrays;

/**
 * The candidate order of the reference: {@code scores.argsort()[::-1]}, highest score first.
 *
 * <p>Ties: numpy's default argsort is not stable, so the reference's order of equal scores is unspecified
 * (in practice it depends on the array length and the CPU's SIMD sort). This class fixes it as a stable
 * ascending sort reversed would: among equal scores the later index comes first. Exactly equal float32
 * probabilities from different anchors are rare, and only their relative order can differ from the reference.
 */
public final class ScoreOrder {

    private ScoreOrder() {
    }

    /** Indices {@code 0 .. n-1} of {@code scores[0 .. n-1]}, highest score first, ties by descending index. */
    public static int[] descending(float[] scores, int n) {
        if (n < 0 || n > scores.length) {
            throw new IllegalArgumentException("n = " + n + " outside 0.." + scores.length);
        }
        // sort (score, index) pairs packed in longs: a float's bits, flipped to order like the float, in the
        // high word; the index in the low word; ascending then reversed gives the reference order
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) sortableBits(scores[i]) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (int) keys[n - 1 - k];
        }
        return order;
    }

    /** Indices of all of {@code scores}, highest first. */
    public static int[] descending(float[] scores) {
        return descending(scores, scores.length);
    }

    /** An int whose signed order is the order of the floats (-0 before +0, NaN last like numpy). */
    private static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value); // canonical NaN
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }
}
