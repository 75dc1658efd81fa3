package dev.retinaface.train.match;

import java.util.Arrays;

/**
 * One face to learn, in coordinates normalised by the image width (x) and height (y).
 *
 * @param box       x1, y1, x2, y2
 * @param landmarks ten values (left eye, right eye, nose, left and right mouth corner; x, y each), or
 *                  {@code null} when the face has no landmark annotation
 */
public record GroundTruth(float[] box, float[] landmarks) {

    public GroundTruth {
        if (box.length != 4) {
            throw new IllegalArgumentException("a box has 4 values, got " + box.length);
        }
        if (landmarks != null && landmarks.length != 10) {
            throw new IllegalArgumentException("five landmarks need 10 values, got " + landmarks.length);
        }
        box = box.clone();
        landmarks = landmarks == null ? null : landmarks.clone();
    }

    public boolean hasLandmarks() {
        return landmarks != null;
    }

    @Override
    public float[] box() {
        return box.clone();
    }

    @Override
    public float[] landmarks() {
        return landmarks == null ? null : landmarks.clone();
    }

    @Override
    public String toString() {
        return "GroundTruth" + Arrays.toString(box) + (landmarks == null ? " no landmarks" : " with landmarks");
    }
}
