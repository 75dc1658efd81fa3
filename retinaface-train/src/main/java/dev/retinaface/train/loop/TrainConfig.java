package dev.retinaface.train.loop;

import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.optim.LearningRateSchedule;
import dev.retinaface.train.optim.SgdConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a training run needs, in named groups. {@link #defaults} gives the preset's recipe; every {@code with*}
 * returns a changed copy (the config and its groups are immutable and validated when built).
 *
 * <pre>{@code
 * TrainConfig config = TrainConfig.defaults(labels, images, out, TrainingPreset.REFERENCE)
 *         .withInit(Initialization.imagenetBackbone(backbone))
 *         .withBatching(new TrainConfig.Batching(8, 4, 2))
 *         .withCheckpoints(TrainConfig.Checkpoints.in(out).withEvery(500));
 * }</pre>
 *
 * @param preset      network, anchors, matching and loss recipe
 * @param data        the labelled images
 * @param augment     augmentation (its {@code imageSize} is the training size)
 * @param batching    batch size, gradient accumulation, loader threads
 * @param schedule    epochs, learning rate, SGD settings, validation interval
 * @param init        starting weights (ignored when resuming)
 * @param checkpoints output folder, checkpoint interval, the checkpoint to resume from
 * @param seed        seed of data order, augmentation and scratch initialisation
 * @param threads     PyTorch intra-op threads (0 = its default)
 */
public record TrainConfig(TrainingPreset preset, Data data, AugmentConfig augment, Batching batching, Schedule schedule,
                          Initialization init, Checkpoints checkpoints, long seed, int threads) {

    /**
     * The labelled images.
     *
     * @param annotations RetinaFace {@code label.txt} or official {@code wider_face_train_bbx_gt.txt}
     * @param imageRoot   folder the annotation's image paths are relative to
     * @param maxImages   use only the first this many images (0 = all): quick runs
     */
    public record Data(Path annotations, Path imageRoot, int maxImages) {
        public Data {
            Objects.requireNonNull(annotations, "annotations");
            Objects.requireNonNull(imageRoot, "imageRoot");
            if (maxImages < 0) {
                throw new IllegalArgumentException("maxImages must be >= 0 (0 = all), got " + maxImages);
            }
        }

        /** All images of an annotation file. */
        public static Data of(Path annotations, Path imageRoot) {
            return new Data(annotations, imageRoot, 0);
        }

        public Data withMaxImages(int maxImages) {
            return new Data(annotations, imageRoot, maxImages);
        }
    }

    /** Where batches are made: in child processes (the default) or on threads of the training process. */
    public enum Loader {
        /** Worker JVMs decode, augment and match; the trainer reads finished batches from shared memory. */
        PROCESS,
        /** Worker threads of the training process (the earlier loader). */
        THREAD
    }

    /**
     * How images are grouped into optimiser steps and how they are loaded.
     *
     * @param batchSize    images per forward pass
     * @param accumulation forward passes per optimiser step (effective batch = batchSize x accumulation)
     * @param workers      data loading processes or threads
     * @param prefetch     batches prepared ahead while a step runs (0: only when the trainer asks)
     * @param loader       processes or threads
     */
    public record Batching(int batchSize, int accumulation, int workers, int prefetch, Loader loader) {
        public Batching {
            if (batchSize <= 0 || accumulation <= 0 || workers <= 0 || prefetch < 0) {
                throw new IllegalArgumentException("batch size, accumulation and workers must be > 0 and prefetch >= 0, got "
                        + batchSize + ", " + accumulation + ", " + workers + ", " + prefetch);
            }
            java.util.Objects.requireNonNull(loader, "loader");
        }

        /** The default loading: {@link #DEFAULT_PREFETCH} batches ahead in worker processes. */
        public Batching(int batchSize, int accumulation, int workers) {
            this(batchSize, accumulation, workers, DEFAULT_PREFETCH, Loader.PROCESS);
        }

        /** Batches prepared ahead by default. */
        public static final int DEFAULT_PREFETCH = 2;

        /** Reference batch 32; paper batch 8 x 4 accumulated (its 4 GPUs x 8); half the cores load data. */
        public static Batching forPreset(TrainingPreset preset) {
            boolean paper = preset == TrainingPreset.PAPER;
            return new Batching(paper ? 8 : 32, paper ? 4 : 1, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        }

        public Batching withBatch(int batchSize, int accumulation) {
            return new Batching(batchSize, accumulation, workers, prefetch, loader);
        }

        public Batching withWorkers(int workers) {
            return new Batching(batchSize, accumulation, workers, prefetch, loader);
        }

        public Batching withLoading(Loader loader, int prefetch) {
            return new Batching(batchSize, accumulation, workers, prefetch, loader);
        }
    }

    /**
     * How long and how fast to train.
     *
     * @param epochs        epochs to train (in total, counting resumed ones)
     * @param learningRate  learning rate per iteration
     * @param sgd           momentum and weight decay
     * @param validateEvery epochs between validations (0 = never; needs a validator on the trainer)
     */
    public record Schedule(int epochs, LearningRateSchedule learningRate, SgdConfig sgd, int validateEvery) {
        public Schedule {
            Objects.requireNonNull(learningRate, "learningRate");
            Objects.requireNonNull(sgd, "sgd");
            if (epochs <= 0 || validateEvery < 0) {
                throw new IllegalArgumentException("epochs must be > 0 and validateEvery >= 0, got " + epochs + ", "
                        + validateEvery);
            }
        }

        /** The preset's epochs and learning rate, reference SGD, no validation. */
        public static Schedule forPreset(TrainingPreset preset) {
            return new Schedule(preset.epochs(), preset.schedule(), SgdConfig.reference(), 0);
        }

        public Schedule withEpochs(int epochs, LearningRateSchedule learningRate) {
            return new Schedule(epochs, learningRate, sgd, validateEvery);
        }

        public Schedule withValidateEvery(int validateEvery) {
            return new Schedule(epochs, learningRate, sgd, validateEvery);
        }
    }

    /**
     * Where the run writes and where it resumes.
     *
     * @param outputDir  checkpoints, {@code training-log.csv}, {@code loss-curve.png}, {@code final.pth}
     * @param every      optimiser steps between numbered checkpoints (0 = only {@code last.pth} at epoch ends)
     * @param resumeFrom a checkpoint of this trainer to continue exactly, or {@code null}
     */
    public record Checkpoints(Path outputDir, int every, Path resumeFrom) {
        public Checkpoints {
            Objects.requireNonNull(outputDir, "outputDir");
            if (every < 0) {
                throw new IllegalArgumentException("checkpoint interval must be >= 0 (0 = epoch ends only), got " + every);
            }
        }

        /** Checkpoints at epoch ends only, in {@code outputDir}, no resume. */
        public static Checkpoints in(Path outputDir) {
            return new Checkpoints(outputDir, 0, null);
        }

        public Checkpoints withEvery(int every) {
            return new Checkpoints(outputDir, every, resumeFrom);
        }

        public Checkpoints withResume(Path checkpoint) {
            return new Checkpoints(outputDir, every, checkpoint);
        }
    }

    public TrainConfig {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(augment, "augment");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(checkpoints, "checkpoints");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = the engine's default), got " + threads);
        }
    }

    /** The preset's recipe at 640 px from scratch (set the start with {@link #withInit}). */
    public static TrainConfig defaults(Path annotations, Path imageRoot, Path outputDir, TrainingPreset preset) {
        return new TrainConfig(preset, Data.of(annotations, imageRoot), AugmentConfig.reference(640),
                Batching.forPreset(preset), Schedule.forPreset(preset), Initialization.scratch(),
                Checkpoints.in(outputDir), 0L, 0);
    }

    public TrainConfig withData(Data data) {
        return new TrainConfig(preset, data, augment, batching, schedule, init, checkpoints, seed, threads);
    }

    public TrainConfig withAugment(AugmentConfig augment) {
        return new TrainConfig(preset, data, augment, batching, schedule, init, checkpoints, seed, threads);
    }

    public TrainConfig withBatching(Batching batching) {
        return new TrainConfig(preset, data, augment, batching, schedule, init, checkpoints, seed, threads);
    }

    public TrainConfig withSchedule(Schedule schedule) {
        return new TrainConfig(preset, data, augment, batching, schedule, init, checkpoints, seed, threads);
    }

    public TrainConfig withInit(Initialization init) {
        return new TrainConfig(preset, data, augment, batching, schedule, init, checkpoints, seed, threads);
    }

    public TrainConfig withCheckpoints(Checkpoints checkpoints) {
        return new TrainConfig(preset, data, augment, batching, schedule, init, checkpoints, seed, threads);
    }

    public TrainConfig withSeed(long seed) {
        return new TrainConfig(preset, data, augment, batching, schedule, init, checkpoints, seed, threads);
    }

    public TrainConfig withThreads(int threads) {
        return new TrainConfig(preset, data, augment, batching, schedule, init, checkpoints, seed, threads);
    }

    /** Continue exactly from a checkpoint of this trainer ({@code checkpoints().withResume(file)}). */
    public TrainConfig withResume(Path checkpoint) {
        return withCheckpoints(checkpoints.withResume(checkpoint));
    }

    /** The output folder ({@code checkpoints().outputDir()}). */
    public Path outputDir() {
        return checkpoints.outputDir();
    }
}
