package dev.retinaface.core.tta;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlipUndoTest {

    private static final Face FACE = new Face(new Box(10.25f, 20, 30.5f, 44), 0.8f, List.of(
            new Point(15, 25), new Point(25, 26), new Point(20, 32), new Point(16, 38), new Point(24, 39)));

    @Test
    void mirrorsBoxAndLandmarksAndSwapsLeftAndRight() {
        Face f = FlipUndo.unflip(List.of(FACE), 100).get(0);
        assertEquals(new Box(69.5f, 20, 89.75f, 44), f.box());
        assertEquals(0.8f, f.score());
        // the right eye (25, 26) mirrored becomes the left eye: x 75 < 85
        assertEquals(List.of(new Point(75, 26), new Point(85, 25), new Point(80, 32), new Point(76, 39), new Point(84, 38)),
                f.landmarks());
    }

    @Test
    void unflippingTwiceIsTheIdentity() {
        Face noLandmarks = new Face(new Box(0, 1, 2, 3), 0.5f, List.of());
        List<Face> twice = FlipUndo.unflip(FlipUndo.unflip(List.of(FACE, noLandmarks), 641), 641);
        assertEquals(List.of(FACE, noLandmarks), twice);
        // a mirror width that is not whole (resized width / scale)
        Face back = FlipUndo.unflip(FlipUndo.unflip(List.of(FACE), 333.3), 333.3).get(0);
        assertEquals(FACE.box().x1(), back.box().x1(), 1e-4f);
        assertEquals(FACE.landmarks().get(3).x(), back.landmarks().get(3).x(), 1e-4f);
    }

    @Test
    void rejectsNonPositiveWidth() {
        assertThrows(IllegalArgumentException.class, () -> FlipUndo.unflip(List.of(FACE), 0));
    }
}
