package dev.retinaface.train.loop;

import java.util.Locale;

/**
 * A {@link ProgressListener} that ends training with a {@link TrainingDivergedException} as soon as a step's loss is
 * NaN, infinite or above a limit far beyond any healthy run (about 45 at the start from a backbone, below 5 for a
 * trained model).
 */
public final class DivergenceGuard implements ProgressListener {

    /** The default limit. */
    public static final float DIVERGED_LOSS = 1e4f;

    private final float limit;

    /** A guard with {@link #DIVERGED_LOSS}. */
    public DivergenceGuard() {
        this(DIVERGED_LOSS);
    }

    public DivergenceGuard(float limit) {
        if (!(limit > 0f)) {
            throw new IllegalArgumentException("the divergence limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    @Override
    public void onStep(StepReport r) {
        float total = r.loss().total();
        if (!(total < limit)) {
            throw new TrainingDivergedException(r.globalStep(), total, String.format(Locale.ROOT,
                    "the loss became %s at step %d (epoch %d, lr %.2e)", total, r.globalStep(), r.epoch() + 1,
                    r.learningRate()));
        }
    }
}
