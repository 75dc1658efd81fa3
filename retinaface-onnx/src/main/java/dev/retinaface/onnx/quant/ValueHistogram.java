package dev.retinaface.onnx.quant;

/**
 * Counts of one tensor's values over a fixed range in equal bins: signed values over [min, max] and magnitudes over
 * [0, max |x|]. Counts are integers, so the result does not depend on the order values arrive in.
 */
final class ValueHistogram {

    static final int BINS = 2048;

    private final float min;
    private final float max;
    private final float absMax;
    private final long[] signed = new long[BINS];
    private final long[] magnitude = new long[BINS];

    ValueHistogram(TensorRange range) {
        this.min = range.min();
        this.max = range.max();
        this.absMax = range.absMax();
    }

    void add(java.nio.FloatBuffer values) {
        double signedScale = max > min ? BINS / ((double) max - min) : 0;
        double absScale = absMax > 0 ? BINS / (double) absMax : 0;
        for (int i = values.position(); i < values.limit(); i++) {
            float v = values.get(i);
            signed[bin((v - (double) min) * signedScale)]++;
            magnitude[bin(Math.abs(v) * absScale)]++;
        }
    }

    private static int bin(double x) {
        int b = (int) x;
        return b < 0 ? 0 : Math.min(b, BINS - 1);
    }

    /** The range clipping {@code (100 - p) / 100} of the values at each end (a signed-histogram bin edge). */
    TensorRange percentile(double p) {
        long total = 0;
        for (long c : signed) {
            total += c;
        }
        if (total == 0 || max <= min) {
            return new TensorRange(min, max);
        }
        double cut = total * (100.0 - p) / 100.0;
        double width = ((double) max - min) / BINS;
        int lo = 0;
        long seen = 0;
        while (lo < BINS - 1 && seen + signed[lo] <= cut) {
            seen += signed[lo++];
        }
        int hi = BINS - 1;
        seen = 0;
        while (hi > lo && seen + signed[hi] <= cut) {
            seen += signed[hi--];
        }
        float a = (float) (min + lo * width);
        float b = (float) (min + (hi + 1) * width);
        return new TensorRange(Math.max(min, Math.min(a, b)), Math.min(max, Math.max(a, b)));
    }

    /**
     * The entropy-calibrated range: the magnitude threshold T whose clipped distribution, quantised to 128 levels,
     * has the least Kullback-Leibler divergence from the clipped one (the TensorRT method); then [max(min, -T),
     * min(max, T)].
     */
    TensorRange entropy() {
        int levels = 128;
        long total = 0;
        for (long c : magnitude) {
            total += c;
        }
        if (total == 0 || absMax == 0) {
            return new TensorRange(min, max);
        }
        int best = BINS;
        double bestKl = Double.POSITIVE_INFINITY;
        double[] p = new double[BINS];
        long[] tail = new long[BINS + 1]; // tail[i] = count in bins i..BINS-1
        for (int j = BINS - 1; j >= 0; j--) {
            tail[j] = tail[j + 1] + magnitude[j];
        }
        double[] q = new double[BINS];
        for (int i = levels; i <= BINS; i++) {
            long outliers = tail[i];
            for (int j = 0; j < i; j++) {
                p[j] = magnitude[j];
            }
            p[i - 1] += outliers;
            // quantise the first i bins into `levels` groups; spread each group's count over its non-empty bins
            for (int g = 0; g < levels; g++) {
                int start = (int) ((long) g * i / levels);
                int end = (int) ((long) (g + 1) * i / levels);
                double sum = 0;
                int nonEmpty = 0;
                for (int j = start; j < end; j++) {
                    sum += magnitude[j]; // the clipped values are not in Q: clipping costs divergence
                    if (p[j] != 0) {
                        nonEmpty++;
                    }
                }
                for (int j = start; j < end; j++) {
                    q[j] = p[j] == 0 || nonEmpty == 0 ? 0 : sum / nonEmpty;
                }
            }
            double kl = divergence(p, q, i);
            if (kl < bestKl) {
                bestKl = kl;
                best = i;
            }
        }
        float t = (float) ((best + 0.5) * absMax / BINS);
        t = Math.min(t, absMax);
        return new TensorRange(Math.max(min, -t), Math.min(max, t));
    }

    /** KL(P || Q) over the first n bins, both normalised; an empty Q bin where P has mass is smoothed. */
    private static double divergence(double[] p, double[] q, int n) {
        double sp = 0;
        double sq = 0;
        for (int j = 0; j < n; j++) {
            sp += p[j];
            sq += q[j];
        }
        if (sp == 0 || sq == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double kl = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] == 0) {
                continue;
            }
            double pj = p[j] / sp;
            double qj = q[j] == 0 ? 1e-12 : q[j] / sq;
            kl += pj * Math.log(pj / qj);
        }
        return kl;
    }
}
