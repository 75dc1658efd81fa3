package dev.retinaface.train.loop;

import dev.retinaface.train.loss.LossValues;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished run left behind.
 *
 * @param finalWeights   plain state dict of the trained detector ({@code final.pth}), loadable like {@code mobilenet0.25_Final.pth}
 * @param lastCheckpoint training checkpoint to resume from
 * @param globalSteps    optimiser steps taken in total
 * @param lastEpochLoss  mean losses of the last epoch run (null when no step ran)
 * @param imagesTrained  images that went through the network in the attempt that finished (skipped ones not counted)
 * @param skippedSamples samples skipped in that attempt because their image could not be read or decoded
 * @param restarts       divergence-guard restarts before the run finished, in order
 */
public record TrainResult(Path finalWeights, Path lastCheckpoint, long globalSteps, LossValues lastEpochLoss,
                          long imagesTrained, int skippedSamples, List<Restart> restarts) {

    /**
     * One restart by {@link TrainingSupervisor}.
     *
     * @param step     the step whose loss diverged
     * @param loss     its loss
     * @param from     the checkpoint the run went on from
     * @param fromStep the global step recorded in that checkpoint
     */
    public record Restart(long step, float loss, Path from, long fromStep) {
    }

    public TrainResult {
        restarts = List.copyOf(restarts);
    }

    /** The same result with the restarts that led to it. */
    public TrainResult withRestarts(List<Restart> restarts) {
        return new TrainResult(finalWeights, lastCheckpoint, globalSteps, lastEpochLoss, imagesTrained, skippedSamples,
                restarts);
    }
}
