package dev.retinaface.core.geometry;

import java.util.List;

/**
 * A detected (or annotated) face.
 *
 * @param box       face box in pixels of the original image
 * @param score     face probability in [0, 1]
 * @param landmarks five points: left eye, right eye, nose, left mouth corner, right mouth corner
 *                  (empty when the face has no landmarks)
 */
public record Face(Box box, float score, List<Point> landmarks) {

    /** Number of landmarks RetinaFace predicts. */
    public static final int LANDMARKS = 5;

    public Face {
        landmarks = List.copyOf(landmarks);
        if (!landmarks.isEmpty() && landmarks.size() != LANDMARKS) {
            throw new IllegalArgumentException("a face has 0 or 5 landmarks, got " + landmarks.size());
        }
    }
}
