package dev.retinaface.train.loop;

import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.optim.LearningRateSchedule;
import dev.retinaface.train.optim.SgdConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a training run needs. {@link #defaults} gives the preset's recipe; the {@code with*} methods
 * change one setting.
 *
 * @param annotations      RetinaFace {@code label.txt} or official {@code wider_face_train_bbx_gt.txt}
 * @param imageRoot        folder the annotation's image paths are relative to
 * @param outputDir        checkpoints, {@code training-log.csv}, {@code loss-curve.png}
 * @param preset           network, anchors, matching and loss recipe
 * @param augment          augmentation (its {@code imageSize} is the training size)
 * @param batchSize        images per forward pass
 * @param accumulation     forward passes per optimiser step (effective batch = batchSize × accumulation)
 * @param epochs           epochs to train (in total, counting resumed ones)
 * @param schedule         learning rate per iteration
 * @param sgd              momentum and weight decay
 * @param init             starting weights (ignored when resuming)
 * @param resumeFrom       a checkpoint of this trainer to continue exactly, or {@code null}
 * @param checkpointEvery  optimiser steps between checkpoints (0 = only at epoch ends and at the end)
 * @param validateEvery    epochs between validations (0 = never; needs a validator on the trainer)
 * @param seed             seed of data order, augmentation and scratch initialisation
 * @param workers          data loading threads
 * @param threads          PyTorch intra-op threads (0 = its default)
 * @param maxImages        use only the first this many images (0 = all): quick runs
 */
public record TrainConfig(Path annotations, Path imageRoot, Path outputDir, TrainingPreset preset, AugmentConfig augment,
                          int batchSize, int accumulation, int epochs, LearningRateSchedule schedule, SgdConfig sgd,
                          Initialization init, Path resumeFrom, int checkpointEvery, int validateEvery, long seed,
                          int workers, int threads, int maxImages) {

    public TrainConfig {
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(imageRoot, "imageRoot");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(augment, "augment");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(sgd, "sgd");
        Objects.requireNonNull(init, "init");
        if (batchSize <= 0 || accumulation <= 0 || epochs <= 0) {
            throw new IllegalArgumentException("batch size, accumulation and epochs must be > 0");
        }
        if (checkpointEvery < 0 || validateEvery < 0 || workers <= 0 || threads < 0 || maxImages < 0) {
            throw new IllegalArgumentException("checkpointEvery, validateEvery, threads, maxImages must be >= 0 and workers > 0");
        }
    }

    /**
     * The preset's recipe: reference batch 32 / paper batch 8 (× 4 GPUs = 32 via accumulation 4), 640 px, ImageNet backbone.
     */
    public static TrainConfig defaults(Path annotations, Path imageRoot, Path outputDir, TrainingPreset preset, Path backbone) {
        int batch = preset == TrainingPreset.PAPER ? 8 : 32;
        int accumulation = preset == TrainingPreset.PAPER ? 4 : 1;
        return new TrainConfig(annotations, imageRoot, outputDir, preset, AugmentConfig.reference(640), batch, accumulation,
                preset.epochs(), preset.schedule(), SgdConfig.reference(),
                backbone == null ? Initialization.scratch() : Initialization.imagenetBackbone(backbone), null, 0, 0, 0L,
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 0, 0);
    }

    public TrainConfig withBatch(int batchSize, int accumulation) {
        return new TrainConfig(annotations, imageRoot, outputDir, preset, augment, batchSize, accumulation, epochs, schedule,
                sgd, init, resumeFrom, checkpointEvery, validateEvery, seed, workers, threads, maxImages);
    }

    public TrainConfig withEpochs(int epochs, LearningRateSchedule schedule) {
        return new TrainConfig(annotations, imageRoot, outputDir, preset, augment, batchSize, accumulation, epochs, schedule,
                sgd, init, resumeFrom, checkpointEvery, validateEvery, seed, workers, threads, maxImages);
    }

    public TrainConfig withAugment(AugmentConfig augment) {
        return new TrainConfig(annotations, imageRoot, outputDir, preset, augment, batchSize, accumulation, epochs, schedule,
                sgd, init, resumeFrom, checkpointEvery, validateEvery, seed, workers, threads, maxImages);
    }

    public TrainConfig withInit(Initialization init) {
        return new TrainConfig(annotations, imageRoot, outputDir, preset, augment, batchSize, accumulation, epochs, schedule,
                sgd, init, resumeFrom, checkpointEvery, validateEvery, seed, workers, threads, maxImages);
    }

    public TrainConfig withResume(Path checkpoint) {
        return new TrainConfig(annotations, imageRoot, outputDir, preset, augment, batchSize, accumulation, epochs, schedule,
                sgd, init, checkpoint, checkpointEvery, validateEvery, seed, workers, threads, maxImages);
    }

    public TrainConfig withOutput(Path outputDir) {
        return new TrainConfig(annotations, imageRoot, outputDir, preset, augment, batchSize, accumulation, epochs, schedule,
                sgd, init, resumeFrom, checkpointEvery, validateEvery, seed, workers, threads, maxImages);
    }

    public TrainConfig withRun(long seed, int workers, int threads, int maxImages, int checkpointEvery, int validateEvery) {
        return new TrainConfig(annotations, imageRoot, outputDir, preset, augment, batchSize, accumulation, epochs, schedule,
                sgd, init, resumeFrom, checkpointEvery, validateEvery, seed, workers, threads, maxImages);
    }
}
