package dev.retinaface.train.match;

import dev.retinaface.core.anchors.PriorBoxes;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.core.boxes.BoxCoder;
import dev.retinaface.core.boxes.Iou;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
 * IoU is core {@link Iou#continuous} and the targets are encoded by core {@link BoxCoder}, the same code
 * detection decodes with.
 */
public final class AnchorMatcher {

    private final float[] anchors;
    private final int count;
    private final MatchConfig config;
    private final BoxCoder coder;
    private final float[] anchorCorners;
    private final float[] anchorAreas;

    /**
     * @param anchors (cx, cy, w, h) quadruples, normalised (see {@link PriorBoxes#generate})
     * @param coder   the box and landmark coding (the anchors' variances)
     */
    public AnchorMatcher(float[] anchors, MatchConfig config, BoxCoder coder) {
        this.anchors = anchors.clone();
        this.anchorCorners = PriorBoxes.corners(this.anchors);
        this.count = anchors.length / 4;
        this.config = Objects.requireNonNull(config, "config");
        this.coder = Objects.requireNonNull(coder, "coder");
        this.anchorAreas = new float[count];
        for (int a = 0; a < count; a++) {
            anchorAreas[a] = Iou.continuousArea(anchorCorners[4 * a], anchorCorners[4 * a + 1], anchorCorners[4 * a + 2],
                    anchorCorners[4 * a + 3]);
        }
    }

    /** A matcher for the anchors of {@code priors} on a {@code height x width} input. */
    public static AnchorMatcher of(PriorConfig priors, int height, int width, MatchConfig config) {
        return new AnchorMatcher(PriorBoxes.generate(priors, height, width), config, BoxCoder.of(priors));
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
        Arrays.fill(bestAnchorIoU, -1f);
        Arrays.fill(bestTruthIoU, -1f);
        for (int j = 0; j < n; j++) {
            float[] t = truths[j];
            float areaT = Iou.continuousArea(t[0], t[1], t[2], t[3]);
            for (int a = 0; a < count; a++) {
                float iou = Iou.continuous(t[0], t[1], t[2], t[3], areaT, anchorCorners[4 * a], anchorCorners[4 * a + 1],
                        anchorCorners[4 * a + 2], anchorCorners[4 * a + 3], anchorAreas[a]);
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
            coder.encodeBox(truths[bestTruth[a]], 0, anchors, a, boxTargets, 4 * a);
            if (face.hasLandmarks()) {
                coder.encodeLandmarks(face.landmarks(), 0, anchors, a, landmarkTargets, 10 * a);
            }
        }
        return new MatchedTargets(labels, boxTargets, landmarkTargets);
    }
}
