package dev.retinaface.core.tta;

import dev.retinaface.core.boxes.Nms;
import dev.retinaface.core.boxes.ScoreOrder;
import dev.retinaface.core.geometry.Face;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Merges the detections of several test-time runs of one image (all in original-image pixels, mirrored runs
 * already undone with {@link FlipUndo}) into one list: the runs are concatenated in the order given, sorted by
 * score (highest first, {@link ScoreOrder}), then reduced by NMS or {@link BoxVoting}, at most
 * {@code keepTopK} faces.
 *
 * <p>insightface merges the thresholded candidates of every run before any NMS; to do the same, post-process
 * each run with NMS disabled ({@code DetectionConfig.withNmsThreshold(1)}) and a large {@code keepTopK}.
 */
public final class DetectionMerger {

    private final MergeMode mode;
    private final float threshold;
    private final int keepTopK;

    /**
     * @param mode      NMS or box voting
     * @param threshold IoU threshold of the NMS or of the voting groups (paper and insightface: 0.4)
     * @param keepTopK  most faces returned (reference: 750)
     */
    public DetectionMerger(MergeMode mode, float threshold, int keepTopK) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (!(threshold > 0f && threshold <= 1f)) {
            throw new IllegalArgumentException("merge IoU threshold must be in (0, 1], got " + threshold);
        }
        if (keepTopK < 1) {
            throw new IllegalArgumentException("keepTopK must be at least 1, got " + keepTopK);
        }
        this.threshold = threshold;
        this.keepTopK = keepTopK;
    }

    /** The merger a test-time configuration asks for, keeping 750 faces. */
    public static DetectionMerger of(TtaConfig config) {
        return new DetectionMerger(config.mergeMode(), config.mergeThreshold(), 750);
    }

    /** The merged faces of all runs, highest score (or group leader) first. */
    public List<Face> merge(Collection<? extends List<Face>> runs) {
        List<Face> all = new ArrayList<>();
        for (List<Face> run : runs) {
            all.addAll(run);
        }
        return merge(all);
    }

    /** The merged faces of one concatenated list. */
    public List<Face> merge(List<Face> faces) {
        List<Face> merged = switch (mode) {
            case NMS -> new Nms(threshold).apply(byScore(faces));
            case BOX_VOTING -> new BoxVoting(threshold, keepTopK, false).vote(faces);
            case BOX_VOTING_INSIGHTFACE -> new BoxVoting(threshold, keepTopK, true).vote(faces);
        };
        return merged.size() > keepTopK ? List.copyOf(merged.subList(0, keepTopK)) : merged;
    }

    /** Faces in {@link ScoreOrder}: highest score first, equal scores later-first. */
    static List<Face> byScore(List<Face> faces) {
        float[] scores = new float[faces.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = faces.get(i).score();
        }
        List<Face> sorted = new ArrayList<>(faces.size());
        for (int i : ScoreOrder.descending(scores)) {
            sorted.add(faces.get(i));
        }
        return sorted;
    }
}
