package dev.retinaface.core.tta;

import dev.retinaface.core.boxes.Iou;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.util.ArrayList;
import java.util.List;

/**
 * Box voting as insightface's {@code bbox_vote}: repeatedly take the highest-scoring remaining face, gather every
 * remaining face whose IoU with it (+1 pixel convention, {@link Iou#inclusive}) is at least the threshold
 * (the face itself included), remove the group, and output the score-weighted mean box with the group's maximum
 * score. At most {@code keepTopK} faces are produced.
 *
 * <p>Differences from insightface, on purpose:
 * <ul>
 *   <li>landmarks are voted too (score-weighted mean over the group members that have landmarks; insightface's
 *       vote mode drops landmarks altogether);</li>
 *   <li>a group of one is kept as it is unless {@code dropSingletons} is set; insightface drops such a face
 *       unless it is the last one remaining (a quirk of its loop), which {@code dropSingletons} reproduces.</li>
 * </ul>
 * Weighted means are computed in double and stored as float.
 */
public final class BoxVoting {

    private final float threshold;
    private final int keepTopK;
    private final boolean dropSingletons;

    /**
     * @param threshold      IoU at which a face joins a group, in (0, 1] (insightface: the NMS threshold, 0.4)
     * @param keepTopK       most faces returned (insightface: 750)
     * @param dropSingletons drop faces no other face overlaps, like insightface
     */
    public BoxVoting(float threshold, int keepTopK, boolean dropSingletons) {
        if (!(threshold > 0f && threshold <= 1f)) {
            throw new IllegalArgumentException("voting IoU threshold must be in (0, 1], got " + threshold);
        }
        if (keepTopK < 1) {
            throw new IllegalArgumentException("keepTopK must be at least 1, got " + keepTopK);
        }
        this.threshold = threshold;
        this.keepTopK = keepTopK;
        this.dropSingletons = dropSingletons;
    }

    /** Voting at IoU 0.4, 750 faces, keeping singletons. */
    public BoxVoting() {
        this(0.4f, 750, false);
    }

    /** The voted faces, in group order (highest group leader first). */
    public List<Face> vote(List<Face> faces) {
        List<Face> remaining = new ArrayList<>(DetectionMerger.byScore(faces));
        List<Face> out = new ArrayList<>();
        while (!remaining.isEmpty() && out.size() < keepTopK) {
            Face top = remaining.get(0);
            Box t = top.box();
            List<Face> group = new ArrayList<>();
            group.add(top);
            List<Face> rest = new ArrayList<>(remaining.size());
            for (int i = 1; i < remaining.size(); i++) {
                Face f = remaining.get(i);
                Box b = f.box();
                float iou = Iou.inclusive(t.x1(), t.y1(), t.x2(), t.y2(), b.x1(), b.y1(), b.x2(), b.y2());
                if (iou >= threshold) {
                    group.add(f);
                } else {
                    rest.add(f);
                }
            }
            remaining = rest;
            if (group.size() == 1) {
                if (!dropSingletons || remaining.isEmpty()) {
                    out.add(top);
                }
            } else {
                out.add(mean(group));
            }
        }
        return out;
    }

    /** Score-weighted mean box and landmarks, maximum score. */
    static Face mean(List<Face> group) {
        double[] box = new double[4];
        double boxWeight = 0;
        double[] marks = new double[2 * Face.LANDMARKS];
        double markWeight = 0;
        float maxScore = Float.NEGATIVE_INFINITY;
        for (Face f : group) {
            double s = f.score();
            Box b = f.box();
            box[0] += s * b.x1();
            box[1] += s * b.y1();
            box[2] += s * b.x2();
            box[3] += s * b.y2();
            boxWeight += s;
            maxScore = Math.max(maxScore, f.score());
            if (!f.landmarks().isEmpty()) {
                for (int k = 0; k < Face.LANDMARKS; k++) {
                    marks[2 * k] += s * f.landmarks().get(k).x();
                    marks[2 * k + 1] += s * f.landmarks().get(k).y();
                }
                markWeight += s;
            }
        }
        if (!(boxWeight > 0)) {
            return group.get(0); // all scores zero: nothing to weight by
        }
        Box mean = new Box((float) (box[0] / boxWeight), (float) (box[1] / boxWeight),
                (float) (box[2] / boxWeight), (float) (box[3] / boxWeight));
        List<Point> landmarks = new ArrayList<>();
        if (markWeight > 0) {
            for (int k = 0; k < Face.LANDMARKS; k++) {
                landmarks.add(new Point((float) (marks[2 * k] / markWeight), (float) (marks[2 * k + 1] / markWeight)));
            }
        }
        return new Face(mean, maxScore, landmarks);
    }

    @Override
    public String toString() {
        return "BoxVoting[threshold=" + threshold + ", keepTopK=" + keepTopK + ", dropSingletons=" + dropSingletons + "]";
    }
}
