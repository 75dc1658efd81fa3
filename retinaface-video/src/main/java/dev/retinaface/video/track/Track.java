package dev.retinaface.video.track;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.util.ArrayList;
import java.util.List;

/** One tracked face: its motion filter, last detection and counters. Not thread-safe; owned by {@link FaceTracker}. */
final class Track {

    final int id;
    private final BoxKalman kalman;
    private final OneEuroFilter[] landmarkFilters;
    private Face last;
    private int framesSinceUpdate;
    private boolean matchedAtLastDetection = true;
    private int hits = 1;

    Track(int id, Face face, boolean smoothLandmarks) {
        this.id = id;
        this.kalman = new BoxKalman(face.box());
        this.landmarkFilters = smoothLandmarks ? newFilters(face.landmarks().size()) : null;
        this.last = smooth(face);
    }

    void predict() {
        kalman.predict(1);
        framesSinceUpdate++;
    }

    void moveCamera(float s, float dx, float dy, float cx, float cy) {
        kalman.moveCamera(s, dx, dy, cx, cy);
        Box b = last.box();
        List<Point> moved = new ArrayList<>(last.landmarks().size());
        for (Point p : last.landmarks()) {
            moved.add(new Point(cx + s * (p.x() - cx) + dx, cy + s * (p.y() - cy) + dy));
        }
        last = new Face(new Box(cx + s * (b.x1() - cx) + dx, cy + s * (b.y1() - cy) + dy,
                cx + s * (b.x2() - cx) + dx, cy + s * (b.y2() - cy) + dy), last.score(), moved);
    }

    Box predictedBox() {
        return kalman.box();
    }

    /** Where the motion model expects the face in the next frame (state unchanged). */
    Box nextBox() {
        return kalman.nextBox();
    }

    void update(Face face) {
        int gap = framesSinceUpdate;
        kalman.update(face.box());
        framesSinceUpdate = 0;
        matchedAtLastDetection = true;
        hits++;
        last = smooth(face, gap);
    }

    void missed() {
        matchedAtLastDetection = false;
    }

    boolean matchedAtLastDetection() {
        return matchedAtLastDetection;
    }

    int framesSinceUpdate() {
        return framesSinceUpdate;
    }

    int hits() {
        return hits;
    }

    /** The face as of now: the last detection when it is fresh, else the predicted box with shifted landmarks. */
    TrackedFace current() {
        if (framesSinceUpdate == 0) {
            return new TrackedFace(id, last, false);
        }
        Box from = last.box();
        Box to = kalman.box();
        float sx = to.width() / Math.max(1e-3f, from.width());
        float sy = to.height() / Math.max(1e-3f, from.height());
        List<Point> moved = new ArrayList<>(last.landmarks().size());
        for (Point p : last.landmarks()) {
            moved.add(new Point(to.centerX() + (p.x() - from.centerX()) * sx, to.centerY() + (p.y() - from.centerY()) * sy));
        }
        return new TrackedFace(id, new Face(to, last.score(), moved), true);
    }

    private Face smooth(Face face) {
        return smooth(face, 1);
    }

    private Face smooth(Face face, int gap) {
        if (landmarkFilters == null || face.landmarks().isEmpty()) {
            return face;
        }
        List<Point> out = new ArrayList<>(face.landmarks().size());
        for (int i = 0; i < face.landmarks().size(); i++) {
            Point p = face.landmarks().get(i);
            out.add(new Point((float) landmarkFilters[2 * i].filter(p.x(), gap),
                    (float) landmarkFilters[2 * i + 1].filter(p.y(), gap)));
        }
        return new Face(face.box(), face.score(), out);
    }

    private static OneEuroFilter[] newFilters(int points) {
        OneEuroFilter[] filters = new OneEuroFilter[2 * points];
        for (int i = 0; i < filters.length; i++) {
            filters[i] = new OneEuroFilter(0.05, 0.02, 0.3);
        }
        return filters;
    }
}
