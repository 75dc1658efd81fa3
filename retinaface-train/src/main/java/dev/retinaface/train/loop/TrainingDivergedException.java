package dev.retinaface.train.loop;

/**
 * The training loss became non-finite or exploded (see {@link DivergenceGuard}); the run cannot recover from it by
 * itself. {@link TrainingSupervisor} restarts from an earlier checkpoint.
 */
public class TrainingDivergedException extends RuntimeException {

    private final long step;
    private final float loss;

    public TrainingDivergedException(long step, float loss, String message) {
        super(message);
        this.step = step;
        this.loss = loss;
    }

    /** The 1-based global optimiser step whose loss diverged. */
    public long step() {
        return step;
    }

    /** The loss of that step (NaN, infinite or above the guard's limit). */
    public float loss() {
        return loss;
    }
}
