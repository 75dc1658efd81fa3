package dev.retinaface.train.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a {@link Trainer} and restarts it when the loss diverges. Rare single-step gradient spikes were seen (not
 * reproducible from the same checkpoint and batch); going back to the newest checkpoint taken before the spike and
 * replaying continues the run. A run that diverges more than {@code maxRestarts} times from the same checkpoint, or
 * before any checkpoint, fails with a {@link TrainingDivergedException}.
 *
 * <pre>{@code
 * TrainResult r = new TrainingSupervisor(trainer -> trainer.addListener(ProgressListener.printing()))
 *         .run(config);
 * }</pre>
 */
public final class TrainingSupervisor {

    /** Restarts from one checkpoint before giving up (a run that moves past it may restart again later). */
    public static final int MAX_RESTARTS = 3;

    /** Told about each restart, before the new trainer starts. */
    @FunctionalInterface
    public interface RestartListener {
        /**
         * @param cause    the divergence
         * @param from     the checkpoint the run continues from
         * @param fromStep the global step recorded in it
         */
        void onRestart(TrainingDivergedException cause, Path from, long fromStep);
    }

    private final Consumer<Trainer> setup;
    private final DivergenceGuard guard;
    private final int maxRestarts;
    private RestartListener restarts = (cause, from, step) -> {
    };

    /**
     * @param setup adds listeners and a validator to each trainer the supervisor makes (called once per attempt)
     */
    public TrainingSupervisor(Consumer<Trainer> setup) {
        this(setup, new DivergenceGuard(), MAX_RESTARTS);
    }

    public TrainingSupervisor(Consumer<Trainer> setup, DivergenceGuard guard, int maxRestarts) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.guard = Objects.requireNonNull(guard, "guard");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be >= 0, got " + maxRestarts);
        }
        this.maxRestarts = maxRestarts;
    }

    public TrainingSupervisor onRestart(RestartListener listener) {
        this.restarts = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Trains with {@code config}, restarting after divergences; the result of the attempt that finished. */
    public TrainResult run(TrainConfig config) throws IOException {
        long lastRestartStep = -1;
        int sameRestarts = 0;
        TrainConfig attempt = config;
        java.util.List<TrainResult.Restart> done = new java.util.ArrayList<>();
        while (true) {
            Trainer trainer = new Trainer(attempt).addListener(guard);
            setup.accept(trainer);
            try {
                return trainer.run().withRestarts(done);
            } catch (TrainingDivergedException diverged) {
                Optional<Path> from = TrainingCheckpoint.newestBefore(config.outputDir(), diverged.step() - 1);
                long fromStep = from.isEmpty() ? -1 : TrainingCheckpoint.read(from.get()).globalStep();
                sameRestarts = fromStep == lastRestartStep ? sameRestarts + 1 : 1;
                lastRestartStep = fromStep;
                if (from.isEmpty() || sameRestarts > maxRestarts) {
                    throw new TrainingDivergedException(diverged.step(), diverged.loss(), diverged.getMessage()
                            + ": training diverged" + (from.isEmpty()
                            ? " before any checkpoint; lower the learning rate or add a warm-up"
                            : ", " + maxRestarts + " times from " + from.get() + "; lower the learning rate"));
                }
                done.add(new TrainResult.Restart(diverged.step(), diverged.loss(), from.get(), fromStep));
                TrainingLog.recordRestart(config.outputDir(), done.get(done.size() - 1));
                restarts.onRestart(diverged, from.get(), fromStep);
                attempt = attempt.withResume(from.get());
            }
        }
    }
}
