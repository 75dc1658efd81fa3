package dev.retinaface.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.retinaface.train.match.AnchorLabel;
import dev.retinaface.train.match.MatchedTargets;

import java.util.List;

/**
 * The RetinaFace multi-task loss of the reference ({@code MultiBoxLoss}):
 * <ul>
 *   <li>classification: 2-way softmax cross entropy summed over positives and the hardest background anchors
 *       ({@code negPosRatio × positives + extraNegatives} per image, at most anchors − 1), divided by the
 *       number of positives in the batch;</li>
 *   <li>box: smooth-L1 (β = 1) summed over positives, divided by the number of positives;</li>
 *   <li>landmarks: smooth-L1 summed over positives of faces with landmarks, divided by their number;</li>
 *   <li>total = boxWeight · box + classification + landmarkWeight · landmarks.</li>
 * </ul>
 * Divisors are at least 1. Ignored anchors take part in none of the terms.
 */
public final class MultiBoxLoss {

    private final LossConfig config;

    public MultiBoxLoss(LossConfig config) {
        this.config = config;
    }

    public LossConfig config() {
        return config;
    }

    /**
     * @param boxes     predictions (N, A, 4)
     * @param scores    raw class logits (N, A, 2), class 1 = face
     * @param landmarks predictions (N, A, 10)
     * @param targets   one entry per image
     */
    public LossParts compute(NDArray boxes, NDArray scores, NDArray landmarks, List<MatchedTargets> targets) {
        NDManager m = boxes.getManager();
        int n = targets.size();
        int a = targets.get(0).anchors();
        Shape expected = new Shape(n, a, 4);
        if (!boxes.getShape().equals(expected)) {
            throw new IllegalArgumentException("predictions " + boxes.getShape() + " do not fit targets " + expected);
        }
        float[] faceClass = new float[n * a];
        float[] positive = new float[n * a];
        float[] withLandmarks = new float[n * a];
        float[] boxT = new float[n * a * 4];
        float[] landmarkT = new float[n * a * 10];
        int positives = 0;
        int landmarkPositives = 0;
        for (int i = 0; i < n; i++) {
            MatchedTargets t = targets.get(i);
            byte[] labels = t.labels();
            System.arraycopy(t.boxes(), 0, boxT, i * a * 4, a * 4);
            System.arraycopy(t.landmarks(), 0, landmarkT, i * a * 10, a * 10);
            for (int k = 0; k < a; k++) {
                if (AnchorLabel.isPositive(labels[k])) {
                    faceClass[i * a + k] = 1;
                    positive[i * a + k] = 1;
                    positives++;
                }
                if (labels[k] == AnchorLabel.FACE) {
                    withLandmarks[i * a + k] = 1;
                    landmarkPositives++;
                }
            }
        }
        NDArray y = m.create(faceClass, new Shape(n, a));
        NDArray logp = scores.logSoftmax(2);
        // cross entropy per anchor: -log p(class)
        NDArray ce = logp.get(":, :, 0").mul(y.neg().add(1)).add(logp.get(":, :, 1").mul(y)).neg();
        float[] ceValues;
        try (NDArray detached = ce.stopGradient(); NDArray f32 = detached.toType(DataType.FLOAT32, false)) {
            ceValues = f32.toFloatArray();
        }
        float[] classMask = positive.clone();
        for (int i = 0; i < n; i++) {
            selectHardNegatives(targets.get(i).labels(), ceValues, i * a, countPositives(positive, i * a, a), classMask);
        }
        float normaliser = Math.max(positives, 1);
        float landmarkNormaliser = Math.max(landmarkPositives, 1);
        NDArray classLoss = ce.mul(m.create(classMask, new Shape(n, a))).sum().div(normaliser);
        NDArray boxLoss = smoothL1(boxes.sub(m.create(boxT, new Shape(n, a, 4))))
                .mul(m.create(positive, new Shape(n, a, 1))).sum().div(normaliser);
        NDArray landmarkLoss = smoothL1(landmarks.sub(m.create(landmarkT, new Shape(n, a, 10))))
                .mul(m.create(withLandmarks, new Shape(n, a, 1))).sum().div(landmarkNormaliser);
        NDArray total = boxLoss.mul(config.boxWeight()).add(classLoss).add(landmarkLoss.mul(config.landmarkWeight()));
        return new LossParts(boxLoss, classLoss, landmarkLoss, total);
    }

    private static int countPositives(float[] positive, int offset, int a) {
        int c = 0;
        for (int k = 0; k < a; k++) {
            c += positive[offset + k] > 0 ? 1 : 0;
        }
        return c;
    }

    /** Marks the background anchors of one image with the highest loss in {@code mask}. */
    private void selectHardNegatives(byte[] labels, float[] loss, int offset, int positives, float[] mask) {
        int a = labels.length;
        int wanted = (int) Math.min((long) config.negPosRatio() * positives + config.extraNegatives(), a - 1L);
        int candidates = 0;
        for (byte l : labels) {
            candidates += l == AnchorLabel.BACKGROUND ? 1 : 0;
        }
        if (wanted <= 0 || candidates == 0) {
            return;
        }
        // sort background anchors by descending loss (ties: lower index first)
        long[] keyed = new long[candidates];
        int c = 0;
        for (int k = 0; k < a; k++) {
            if (labels[k] == AnchorLabel.BACKGROUND) {
                // loss >= 0, so its float bits order like the value; invert to sort descending
                int bits = Float.floatToIntBits(Math.max(loss[offset + k], 0f));
                keyed[c++] = ((long) (Integer.MAX_VALUE - bits) << 32) | k;
            }
        }
        java.util.Arrays.sort(keyed);
        for (int r = 0; r < Math.min(wanted, candidates); r++) {
            mask[offset + (int) (keyed[r] & 0xffffffffL)] = 1;
        }
    }

    /** Element-wise smooth-L1 with β = 1: 0.5·d² where |d| < 1, else |d| − 0.5. */
    static NDArray smoothL1(NDArray d) {
        NDArray abs = d.abs();
        NDArray small = abs.minimum(1f);
        return small.square().mul(0.5f).add(abs.sub(small));
    }
}
