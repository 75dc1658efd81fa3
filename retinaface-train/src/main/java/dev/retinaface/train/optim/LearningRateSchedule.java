package dev.retinaface.train.optim;

import java.util.Arrays;

/**
 * Linear warm-up then step decay, evaluated per iteration.
 *
 * @param baseLr       learning rate after warm-up, before any decay
 * @param warmupEpochs epochs of linear warm-up (0 = none, as the reference)
 * @param warmupStartLr learning rate at iteration 0 of the warm-up
 * @param decayEpochs  epochs (0-based, ascending) from which the rate is multiplied by another {@code gamma}
 * @param gamma        decay factor
 */
public record LearningRateSchedule(float baseLr, int warmupEpochs, float warmupStartLr, int[] decayEpochs, float gamma) {

    public LearningRateSchedule {
        if (!(baseLr > 0) || !(warmupStartLr >= 0) || warmupEpochs < 0 || !(gamma > 0)) {
            throw new IllegalArgumentException("bad learning-rate schedule: base " + baseLr + ", warm-up " + warmupEpochs
                    + " epochs from " + warmupStartLr + ", gamma " + gamma);
        }
        decayEpochs = decayEpochs.clone();
        for (int i = 1; i < decayEpochs.length; i++) {
            if (decayEpochs[i] <= decayEpochs[i - 1]) {
                throw new IllegalArgumentException("decay epochs must ascend: " + Arrays.toString(decayEpochs));
            }
        }
    }

    /** biubug6/Pytorch_Retinaface (mobilenet0.25): 1e-3, no warm-up, ×0.1 at epochs 190 and 220 of 250. */
    public static LearningRateSchedule reference() {
        return new LearningRateSchedule(1e-3f, 0, 1e-6f, new int[] {190, 220}, 0.1f);
    }

    /** The paper: warm-up from 1e-3 to 1e-2 over 5 epochs, ×0.1 at epochs 55 and 68 of 80. */
    public static LearningRateSchedule paper() {
        return new LearningRateSchedule(1e-2f, 5, 1e-3f, new int[] {55, 68}, 0.1f);
    }

    /**
     * The rate for an iteration.
     *
     * @param epoch          0-based epoch
     * @param iterationInEpoch 0-based optimiser step within the epoch
     * @param stepsPerEpoch  optimiser steps per epoch
     */
    public float rate(int epoch, int iterationInEpoch, int stepsPerEpoch) {
        if (epoch < warmupEpochs) {
            double progress = (epoch * (double) stepsPerEpoch + iterationInEpoch) / ((double) warmupEpochs * stepsPerEpoch);
            return (float) (warmupStartLr + (baseLr - warmupStartLr) * progress);
        }
        int decays = 0;
        for (int e : decayEpochs) {
            if (epoch >= e) {
                decays++;
            }
        }
        return (float) (baseLr * Math.pow(gamma, decays));
    }

    @Override
    public int[] decayEpochs() {
        return decayEpochs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningRateSchedule s && baseLr == s.baseLr && warmupEpochs == s.warmupEpochs
                && warmupStartLr == s.warmupStartLr && Arrays.equals(decayEpochs, s.decayEpochs) && gamma == s.gamma;
    }

    @Override
    public int hashCode() {
        return Float.hashCode(baseLr) * 31 + Arrays.hashCode(decayEpochs);
    }

    @Override
    public String toString() {
        return "LearningRateSchedule[base " + baseLr + ", warm-up " + warmupEpochs + " from " + warmupStartLr
                + ", ×" + gamma + " at " + Arrays.toString(decayEpochs) + "]";
    }
}
