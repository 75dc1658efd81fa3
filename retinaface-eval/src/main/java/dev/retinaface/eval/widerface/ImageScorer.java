package dev.retinaface.eval.widerface;

/**
 * Scores one image against its ground truth for every setting: the number of proposals and of true positives
 * at each score threshold (steps 2-4 of the protocol). Integer counts, so summing images is exact in any order.
 */
final class ImageScorer {

    /** Per setting (by ordinal) and threshold index {@code t - 1}: proposals and true positives. */
    record Counts(int[][] proposals, int[][] truePositives) {

        static Counts zero(int settings, int thresholds) {
            return new Counts(new int[settings][thresholds], new int[settings][thresholds]);
        }
    }

    private ImageScorer() {
    }

    /**
     * @param normalisedScores the image's scores after the global min/max normalisation, in the (descending)
     *                         order of {@code predictions}
     */
    static Counts score(GroundTruthImage truth, ImagePredictions predictions, double[] normalisedScores, WiderEvalConfig config) {
        WiderSetting[] settings = WiderSetting.values();
        int thresholds = config.thresholdCount();
        Counts counts = Counts.zero(settings.length, thresholds);
        int n = predictions.size();
        if (n == 0 || truth.boxCount() == 0) {
            return counts; // the official tools skip such images: they only add to the denominator
        }
        int[] best = bestMatches(truth.boxesView(), predictions.boxesView(), n, config.iouThreshold());
        int[] proposalsUpTo = new int[n];
        int[] matchedUpTo = new int[n];
        for (WiderSetting setting : settings) {
            walk(best, truth.countedView(setting), proposalsUpTo, matchedUpTo);
            int[] proposals = counts.proposals()[setting.ordinal()];
            int[] truePositives = counts.truePositives()[setting.ordinal()];
            int above = 0; // predictions with normalised score >= thresh; scores are sorted descending
            for (int t = 1; t <= thresholds; t++) {
                double thresh = 1 - (double) t / thresholds;
                while (above < n && normalisedScores[above] >= thresh) {
                    above++;
                }
                if (above > 0) {
                    proposals[t - 1] = proposalsUpTo[above - 1];
                    truePositives[t - 1] = matchedUpTo[above - 1];
                }
            }
        }
        return counts;
    }

    /**
     * For each prediction the index of its single highest-IoU box (first on ties) when that IoU reaches the
     * threshold, else -1.
     */
    private static int[] bestMatches(double[] truth, double[] predictions, int n, double iouThreshold) {
        int m = truth.length / 4;
        int[] best = new int[n];
        for (int h = 0; h < n; h++) {
            double px1 = predictions[4 * h];
            double py1 = predictions[4 * h + 1];
            double px2 = px1 + predictions[4 * h + 2];
            double py2 = py1 + predictions[4 * h + 3];
            double predArea = (px2 - px1 + 1) * (py2 - py1 + 1);
            double bestIou = 0;
            int bestIndex = -1;
            for (int k = 0; k < m; k++) {
                double gx1 = truth[4 * k];
                double gy1 = truth[4 * k + 1];
                double gx2 = gx1 + truth[4 * k + 2];
                double gy2 = gy1 + truth[4 * k + 3];
                double iw = Math.min(px2, gx2) - Math.max(px1, gx1) + 1;
                if (iw <= 0) {
                    continue;
                }
                double ih = Math.min(py2, gy2) - Math.max(py1, gy1) + 1;
                if (ih <= 0) {
                    continue;
                }
                double intersection = iw * ih;
                double iou = intersection / (predArea + (gx2 - gx1 + 1) * (gy2 - gy1 + 1) - intersection);
                if (iou > bestIou) {
                    bestIou = iou;
                    bestIndex = k;
                }
            }
            best[h] = bestIndex >= 0 && bestIou >= iouThreshold ? bestIndex : -1;
        }
        return best;
    }

    /**
     * Walks the predictions in score order: a hit on an ignored box marks prediction and box -1 (neither TP nor
     * FP), a first hit on a counted box matches it, a second hit stays a plain proposal.
     */
    private static void walk(int[] best, boolean[] counted, int[] proposalsUpTo, int[] matchedUpTo) {
        int[] state = new int[counted.length]; // 0 unmatched, 1 matched, -1 ignored and hit
        int proposals = 0;
        int matched = 0;
        for (int h = 0; h < best.length; h++) {
            int k = best[h];
            boolean ignoredHit = false;
            if (k >= 0) {
                if (!counted[k]) {
                    state[k] = -1;
                    ignoredHit = true;
                } else if (state[k] == 0) {
                    state[k] = 1;
                    matched++;
                }
            }
            proposals += ignoredHit ? 0 : 1;
            proposalsUpTo[h] = proposals;
            matchedUpTo[h] = matched;
        }
    }
}
