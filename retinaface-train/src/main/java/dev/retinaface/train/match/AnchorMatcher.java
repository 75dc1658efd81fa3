package dev.retinaface.train.match;

import java.util.List;

/**
 * Assigns anchors to faces and encodes the regression targets, following the reference {@code match()}
 * step by step (float32 arithmetic, first index on ties) so losses agree with it:
 * <ol>
 *   <li>IoU of every face with every anchor;</li>
 *   <li>each face's best anchor; faces whose best IoU is below {@code minBestAnchorIoU} do not force it;
 *       when no face is left the whole image is background;</li>
 *   <li>each anchor's best face; forced anchors get overlap 2 (always positive); then every face, forced or
 *       not, claims its best anchor (later faces win), as the reference does;</li>
 *   <li>overlap {@code >= positive}: face; {@code < negative}: background; between: ignored.</li>
 * </ol>
 * Boxes encode as centre offsets / (variance0 · anchor size) and log(size ratio) / variance1; landmarks as
 * offsets from the anchor centre / (variance0 · anchor size).
 */
public final class AnchorMatcher {

    private final float[] anchors;
    private final int count;
    private final MatchConfig config;
    private final float boxVariance;
    private final float sizeVariance;
    private final float[] anchorCorners;

    /**
     * @param anchors (cx, cy, w, h) quadruples, normalised (see {@code AnchorSpec.generate})
     */
    public AnchorMatcher(float[] anchors, MatchConfig config, float boxVariance, float sizeVariance) {
        if (anchors.length % 4 != 0) {
            throw new IllegalArgumentException("anchors come in quadruples");
        }
        this.anchors = anchors.clone();
        this.count = anchors.length / 4;
        this.config = config;
        this.boxVariance = boxVariance;
        this.sizeVariance = sizeVariance;
        this.anchorCorners = new float[anchors.length];
        for (int a = 0; a < count; a++) {
            float cx = anchors[4 * a], cy = anchors[4 * a + 1], w = anchors[4 * a + 2], h = anchors[4 * a + 3];
            anchorCorners[4 * a] = cx - w / 2;
            anchorCorners[4 * a + 1] = cy - h / 2;
            anchorCorners[4 * a + 2] = cx + w / 2;
            anchorCorners[4 * a + 3] = cy + h / 2;
        }
    }

    public int anchorCount() {
        return count;
    }

    /** Targets for one image's faces (possibly none). */
    public MatchedTargets match(List<GroundTruth> faces) {
        byte[] labels = new byte[count];
        float[] boxTargets = new float[count * 4];
        float[] landmarkTargets = new float[count * 10];
        int n = faces.size();
        if (n == 0) {
            return new MatchedTargets(labels, boxTargets, landmarkTargets);
        }
        float[][] truths = new float[n][];
        for (int j = 0; j < n; j++) {
            truths[j] = faces.get(j).box();
        }
        int[] bestAnchor = new int[n];
        float[] bestAnchorIoU = new float[n];
        float[] bestTruthIoU = new float[count];
        int[] bestTruth = new int[count];
        java.util.Arrays.fill(bestAnchorIoU, -1f);
        java.util.Arrays.fill(bestTruthIoU, -1f);
        for (int j = 0; j < n; j++) {
            float[] t = truths[j];
            float areaT = (t[2] - t[0]) * (t[3] - t[1]);
            for (int a = 0; a < count; a++) {
                float iou = iou(t, areaT, a);
                if (iou > bestAnchorIoU[j]) {
                    bestAnchorIoU[j] = iou;
                    bestAnchor[j] = a;
                }
                if (iou > bestTruthIoU[a]) {
                    bestTruthIoU[a] = iou;
                    bestTruth[a] = j;
                }
            }
        }
        boolean anyValid = false;
        for (int j = 0; j < n; j++) {
            if (bestAnchorIoU[j] >= config.minBestAnchorIoU()) {
                bestTruthIoU[bestAnchor[j]] = 2f;
                anyValid = true;
            }
        }
        if (!anyValid) {
            return new MatchedTargets(labels, boxTargets, landmarkTargets);
        }
        for (int j = 0; j < n; j++) {
            bestTruth[bestAnchor[j]] = j;
        }
        for (int a = 0; a < count; a++) {
            float overlap = bestTruthIoU[a];
            if (overlap < config.negativeIoU()) {
                continue; // background
            }
            if (overlap < config.positiveIoU()) {
                labels[a] = AnchorLabel.IGNORED;
                continue;
            }
            GroundTruth face = faces.get(bestTruth[a]);
            labels[a] = face.hasLandmarks() ? AnchorLabel.FACE : AnchorLabel.FACE_NO_LANDMARKS;
            encodeBox(truths[bestTruth[a]], a, boxTargets);
            if (face.hasLandmarks()) {
                encodeLandmarks(face.landmarks(), a, landmarkTargets);
            }
        }
        return new MatchedTargets(labels, boxTargets, landmarkTargets);
    }

    private float iou(float[] t, float areaT, int a) {
        float ax1 = anchorCorners[4 * a], ay1 = anchorCorners[4 * a + 1];
        float ax2 = anchorCorners[4 * a + 2], ay2 = anchorCorners[4 * a + 3];
        float iw = Math.max(Math.min(t[2], ax2) - Math.max(t[0], ax1), 0f);
        float ih = Math.max(Math.min(t[3], ay2) - Math.max(t[1], ay1), 0f);
        float inter = iw * ih;
        float areaA = (ax2 - ax1) * (ay2 - ay1);
        return inter / (areaT + areaA - inter);
    }

    private void encodeBox(float[] t, int a, float[] out) {
        float cx = anchors[4 * a], cy = anchors[4 * a + 1], w = anchors[4 * a + 2], h = anchors[4 * a + 3];
        out[4 * a] = ((t[0] + t[2]) / 2 - cx) / (boxVariance * w);
        out[4 * a + 1] = ((t[1] + t[3]) / 2 - cy) / (boxVariance * h);
        out[4 * a + 2] = (float) Math.log((t[2] - t[0]) / w) / sizeVariance;
        out[4 * a + 3] = (float) Math.log((t[3] - t[1]) / h) / sizeVariance;
    }

    private void encodeLandmarks(float[] lm, int a, float[] out) {
        float cx = anchors[4 * a], cy = anchors[4 * a + 1], w = anchors[4 * a + 2], h = anchors[4 * a + 3];
        for (int k = 0; k < 5; k++) {
            out[10 * a + 2 * k] = (lm[2 * k] - cx) / (boxVariance * w);
            out[10 * a + 2 * k + 1] = (lm[2 * k + 1] - cy) / (boxVariance * h);
        }
    }
}
