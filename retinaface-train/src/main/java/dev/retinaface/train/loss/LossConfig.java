package dev.retinaface.train.loss;

/**
 * Multi-task loss settings.
 *
 * @param negPosRatio  hard negatives kept per positive (reference 7, paper 3)
 * @param extraNegatives negatives kept on top of {@code negPosRatio × positives} per image, so images without
 *                     faces still train the background (reference 0; some forks of it use 200)
 * @param boxWeight    weight of the box loss in the total (reference 2)
 * @param landmarkWeight weight of the landmark loss in the total (reference 1)
 */
public record LossConfig(int negPosRatio, int extraNegatives, float boxWeight, float landmarkWeight) {

    public LossConfig {
        if (negPosRatio < 0 || extraNegatives < 0) {
            throw new IllegalArgumentException("negative counts must be >= 0");
        }
        if (boxWeight < 0 || landmarkWeight < 0) {
            throw new IllegalArgumentException("loss weights must be >= 0");
        }
    }

    /** biubug6/Pytorch_Retinaface: 7:1 OHEM, no extra negatives, box weight 2. */
    public static LossConfig reference() {
        return new LossConfig(7, 0, 2f, 1f);
    }

    /** The paper: 3:1 OHEM, otherwise as the reference. */
    public static LossConfig paper() {
        return new LossConfig(3, 0, 2f, 1f);
    }
}
