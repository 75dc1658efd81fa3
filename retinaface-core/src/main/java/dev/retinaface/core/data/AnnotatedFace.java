package dev.retinaface.core.data;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.util.List;
import java.util.Objects;

/**
 * One annotated face.
 *
 * @param box        the face box; annotation files store {@code x y w h}, this is {@code (x, y, x + w, y + h)}
 * @param landmarks  five points (left eye, right eye, nose, left / right mouth corner), or empty when the face
 *                   has no landmark annotation
 * @param attributes WIDER FACE attributes, or {@code null} when the source format has none (RetinaFace label.txt)
 */
public record AnnotatedFace(Box box, List<Point> landmarks, FaceAttributes attributes) {

    public AnnotatedFace {
        Objects.requireNonNull(box, "box");
        landmarks = List.copyOf(landmarks);
        if (!landmarks.isEmpty() && landmarks.size() != Face.LANDMARKS) {
            throw new IllegalArgumentException("a face has 0 or 5 landmarks, got " + landmarks.size());
        }
    }

    /** Whether the face carries the five landmarks. */
    public boolean hasLandmarks() {
        return !landmarks.isEmpty();
    }
}
