package dev.retinaface.train.loop;

import dev.retinaface.train.loss.LossValues;

import java.nio.file.Path;

/**
 * What a finished run left behind.
 *
 * @param finalWeights  plain state dict of the trained detector ({@code final.pth}), loadable like {@code mobilenet0.25_Final.pth}
 * @param lastCheckpoint training checkpoint to resume from
 * @param globalSteps   optimiser steps taken in total
 * @param lastEpochLoss mean losses of the last epoch run (null when no step ran)
 */
public record TrainResult(Path finalWeights, Path lastCheckpoint, long globalSteps, LossValues lastEpochLoss) {
}
