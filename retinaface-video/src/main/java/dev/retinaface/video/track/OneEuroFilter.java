package dev.retinaface.video.track;

/**
 * The One-Euro filter (Casiez et al., CHI 2012) for one coordinate: a low-pass filter whose cut-off rises with the
 * signal's speed, so jitter is removed at rest and lag stays small in motion. Time is counted in frames.
 */
public final class OneEuroFilter {

    private final double minCutoff;
    private final double beta;
    private final double derivativeCutoff;
    private boolean started;
    private double value;
    private double derivative;

    /**
     * @param minCutoff        cut-off at rest, in cycles per frame (smaller: smoother)
     * @param beta             how fast the cut-off grows with speed (larger: less lag)
     * @param derivativeCutoff cut-off of the speed estimate
     */
    public OneEuroFilter(double minCutoff, double beta, double derivativeCutoff) {
        if (!(minCutoff > 0 && beta >= 0 && derivativeCutoff > 0)) {
            throw new IllegalArgumentException("cut-offs must be positive and beta non-negative");
        }
        this.minCutoff = minCutoff;
        this.beta = beta;
        this.derivativeCutoff = derivativeCutoff;
    }

    /** Filters the next sample, {@code frames} frames after the previous one. */
    public double filter(double sample, int frames) {
        if (!started) {
            started = true;
            value = sample;
            derivative = 0;
            return sample;
        }
        double dt = Math.max(1, frames);
        double rawDerivative = (sample - value) / dt;
        derivative += alpha(derivativeCutoff, dt) * (rawDerivative - derivative);
        double cutoff = minCutoff + beta * Math.abs(derivative);
        value += alpha(cutoff, dt) * (sample - value);
        return value;
    }

    private static double alpha(double cutoff, double dt) {
        double tau = 1 / (2 * Math.PI * cutoff);
        return 1 / (1 + tau / dt);
    }
}
