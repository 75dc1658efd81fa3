package dev.retinaface.cli.bench;

import java.util.Arrays;

/**
 * Summary of repeated timings in milliseconds: median and the 10th/90th percentiles (linear interpolation between
 * order statistics, numpy's default), so the spread column reads "p10-p90".
 *
 * @param runs   number of timed runs
 * @param median median
 * @param p10    10th percentile
 * @param p90    90th percentile
 * @param min    fastest run
 */
public record Stats(int runs, double median, double p10, double p90, double min) {

    /** Stats of durations in nanoseconds. */
    public static Stats ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        Arrays.sort(ms);
        return new Stats(ms.length, percentile(ms, 50), percentile(ms, 10), percentile(ms, 90), ms[0]);
    }

    /**
     * Median of the per-round ratios {@code a[i] / b[i]}: runs of one round are close in time, so pairing them
     * cancels much of the noise that drifts between rounds.
     */
    public static double pairedRatio(long[] a, long[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need two equally long, non-empty series, got " + a.length + " and "
                    + b.length);
        }
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (double) a[i] / b[i];
        }
        Arrays.sort(r);
        return percentile(r, 50);
    }

    /** The {@code p}-th percentile of sorted values, interpolated linearly. */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
