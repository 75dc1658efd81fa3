package dev.retinaface.train.loop;

import dev.retinaface.train.loss.LossValues;

import java.nio.file.Path;
import java.util.Map;

/** Receives training progress (the CLI prints it; tests collect it). All methods default to doing nothing. */
public interface ProgressListener {

    /** After every optimiser step. */
    default void onStep(StepReport report) {
    }

    /** After every epoch, with the mean losses over its steps. */
    default void onEpoch(EpochReport report) {
    }

    /** After a checkpoint is written. */
    default void onCheckpoint(Path file) {
    }

    /** After a validation run. */
    default void onValidation(int epoch, Map<String, Double> metrics) {
    }

    /** One optimiser step: 0-based epoch and step in epoch, 1-based global step. */
    record StepReport(int epoch, int stepInEpoch, int stepsPerEpoch, long globalStep, float learningRate, LossValues loss,
                      double imagesPerSecond) {
    }

    /** One finished epoch (0-based). */
    record EpochReport(int epoch, int epochs, LossValues meanLoss, float learningRate, double imagesPerSecond,
                       double seconds) {
    }

    /** Prints one line per epoch to standard output. */
    static ProgressListener printing() {
        return new ProgressListener() {
            @Override
            public void onEpoch(EpochReport r) {
                LossValues l = r.meanLoss();
                System.out.printf("epoch %d/%d  box %.4f  class %.4f  landmark %.4f  total %.4f  lr %.2e  %.1f images/s  %.0f s%n",
                        r.epoch() + 1, r.epochs(), l.box(), l.classification(), l.landmark(), l.total(), r.learningRate(),
                        r.imagesPerSecond(), r.seconds());
            }

            @Override
            public void onValidation(int epoch, Map<String, Double> metrics) {
                System.out.printf("epoch %d validation %s%n", epoch + 1, metrics);
            }
        };
    }
}
