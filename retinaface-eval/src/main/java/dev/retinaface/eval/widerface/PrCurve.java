package dev.retinaface.eval.widerface;

/**
 * A precision-recall curve at the score thresholds {@code 1 - t / n}, {@code t = 1..n} (index {@code t - 1}),
 * so recall grows along the arrays.
 */
public final class PrCurve {

    private final long[] truePositives;
    private final long[] proposals;
    private final long countedFaces;

    /**
     * @param truePositives matched counted faces per threshold, summed over images
     * @param proposals     predictions not on an ignored face per threshold, summed over images
     * @param countedFaces  the denominator of recall: counted faces of every image evaluated
     */
    public PrCurve(long[] truePositives, long[] proposals, long countedFaces) {
        if (truePositives.length != proposals.length) {
            throw new IllegalArgumentException("truePositives and proposals differ in length");
        }
        this.truePositives = truePositives.clone();
        this.proposals = proposals.clone();
        this.countedFaces = countedFaces;
    }

    /** Number of points (thresholds). */
    public int size() {
        return proposals.length;
    }

    /** True positives per threshold (a copy). */
    public long[] truePositives() {
        return truePositives.clone();
    }

    /** Proposals per threshold (a copy). */
    public long[] proposals() {
        return proposals.clone();
    }

    /** The recall denominator. */
    public long countedFaces() {
        return countedFaces;
    }

    /**
     * Precision {@code TP / proposals} per threshold. Where there is no proposal at all (the official tools give
     * NaN) this is 0; recall is 0 there too, so it does not change the AP.
     */
    public double[] precision() {
        double[] p = new double[size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = proposals[i] == 0 ? 0 : (double) truePositives[i] / proposals[i];
        }
        return p;
    }

    /** Recall {@code TP / counted faces} per threshold (0 everywhere when no face counts). */
    public double[] recall() {
        double[] r = new double[size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = countedFaces == 0 ? 0 : (double) truePositives[i] / countedFaces;
        }
        return r;
    }

    /**
     * VOC all-point average precision: recall 0 / precision 0 prepended, recall 1 / precision 0 appended,
     * precision made non-increasing from the right, {@code Δrecall × precision} summed where recall changes.
     */
    public double averagePrecision() {
        double[] rec = recall();
        double[] prec = precision();
        int n = rec.length + 2;
        double[] mrec = new double[n];
        double[] mpre = new double[n];
        mrec[n - 1] = 1;
        System.arraycopy(rec, 0, mrec, 1, rec.length);
        System.arraycopy(prec, 0, mpre, 1, prec.length);
        for (int i = n - 1; i > 0; i--) {
            mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
        }
        double ap = 0;
        for (int i = 0; i < n - 1; i++) {
            if (mrec[i + 1] != mrec[i]) {
                ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        return ap;
    }
}
