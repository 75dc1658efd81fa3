package dev.retinaface.eval.widerface;

import java.util.List;

/**
 * Step 1 of the protocol: one global min/max over every prediction of every image evaluated,
 * {@code s' = (s - min) / (max - min)}. When all scores are equal (the official tools divide by zero and
 * score nothing) every normalised score is 1.
 */
record ScoreNormalisation(double min, double max) {

    static ScoreNormalisation over(List<ImagePredictions> images) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ImagePredictions image : images) {
            for (double s : image.scoresView()) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        return new ScoreNormalisation(min, max);
    }

    /** The normalised scores of one image, in its (descending) order. */
    double[] apply(ImagePredictions image) {
        double[] scores = image.scoresView();
        double[] normalised = new double[scores.length];
        double range = max - min;
        for (int i = 0; i < scores.length; i++) {
            normalised[i] = range > 0 ? (scores[i] - min) / range : 1;
        }
        return normalised;
    }
}
