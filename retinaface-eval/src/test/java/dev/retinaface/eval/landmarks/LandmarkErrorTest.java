package dev.retinaface.eval.landmarks;

import dev.retinaface.core.data.AnnotatedFace;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Landmark error: one-to-one matching by IoU, normalised by the annotated box size. */
class LandmarkErrorTest {

    @Test
    void landmarkErrorMatchesByIouAndNormalisesByBoxSize() {
        // a 100x100 face whose detected points are all 5 px off: error 5 / 100
        AnnotatedFace truth = face(0, 0, 100, 100, 0);
        Face near = detection(2, 2, 102, 102, 3, 4);
        Face far = detection(300, 300, 400, 400, 0, 0); // IoU 0: no match
        List<Double> errors = LandmarkError.errors(List.of(truth, face(300, 300, 340, 340, 0)), List.of(far, near));
        assertEquals(1, errors.size());
        assertEquals(0.05, errors.get(0), 1e-6);
        assertTrue(LandmarkError.errors(List.of(truth), List.of()).isEmpty());
    }

    private static AnnotatedFace face(float x1, float y1, float x2, float y2, float shift) {
        return new AnnotatedFace(new Box(x1, y1, x2, y2), points(x1, y1, shift, shift), null);
    }

    private static Face detection(float x1, float y1, float x2, float y2, float dx, float dy) {
        return new Face(new Box(x1, y1, x2, y2), 0.9f, points(0, 0, dx, dy));
    }

    private static List<Point> points(float x, float y, float dx, float dy) {
        return List.of(new Point(x + 30 + dx, y + 40 + dy), new Point(x + 70 + dx, y + 40 + dy),
                new Point(x + 50 + dx, y + 60 + dy), new Point(x + 35 + dx, y + 80 + dy), new Point(x + 65 + dx, y + 80 + dy));
    }
}
