package dev.retinaface.core.align;

import dev.retinaface.core.geometry.Point;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimilarityTransformTest {

    private static final List<Point> NOISY_FACE = List.of(new Point(100.3f, 120.7f), new Point(140.2f, 118.1f),
            new Point(121.9f, 140.4f), new Point(104.8f, 162.0f), new Point(137.5f, 160.3f));

    @Test
    void recoversAKnownSimilarity() {
        double scale = 1.7;
        double angle = 0.3;
        Affine truth = new Affine(scale * Math.cos(angle), -scale * Math.sin(angle), 12.5,
                scale * Math.sin(angle), scale * Math.cos(angle), -4.25);
        List<Point> src = ArcFaceTemplate.points();
        List<Point> dst = new ArrayList<>();
        for (Point p : src) {
            dst.add(truth.apply(p));
        }
        Affine t = SimilarityTransform.estimate(src, dst);
        assertEquals(truth.a(), t.a(), 1e-4);
        assertEquals(truth.b(), t.b(), 1e-4);
        assertEquals(truth.c(), t.c(), 1e-4);
        assertEquals(truth.d(), t.d(), 1e-4);
        assertEquals(truth.tx(), t.tx(), 1e-4);
        assertEquals(truth.ty(), t.ty(), 1e-4);
        assertEquals(scale, t.similarityScale(), 1e-4);
        assertEquals(angle, t.similarityAngle(), 1e-4);
        Point back = t.inverse().apply(dst.get(2));
        assertEquals(src.get(2).x(), back.x(), 1e-4);
        assertEquals(src.get(2).y(), back.y(), 1e-4);
    }

    @Test
    void matchesUmeyamaOnNoisyPoints() {
        // expected: Umeyama (SVD, reflection guard) in numpy, as skimage's SimilarityTransform.estimate
        Affine t = SimilarityTransform.estimate(NOISY_FACE, ArcFaceTemplate.points());
        assertEquals(9.346809797742e-01, t.a(), 1e-6);
        assertEquals(-2.955775793335e-02, t.b(), 1e-6);
        assertEquals(-5.286720548870e+01, t.tx(), 1e-4);
        assertEquals(2.955775793335e-02, t.c(), 1e-6);
        assertEquals(9.346809797742e-01, t.d(), 1e-6);
        assertEquals(-6.280967405762e+01, t.ty(), 1e-4);
    }

    @Test
    void neverReflectsEvenForMirroredPoints() {
        List<Point> mirrored = new ArrayList<>();
        for (Point p : NOISY_FACE) {
            mirrored.add(new Point(300 - p.x(), p.y()));
        }
        Affine t = SimilarityTransform.estimate(mirrored, ArcFaceTemplate.points());
        assertTrue(t.a() * t.d() - t.b() * t.c() > 0);
        assertEquals(1.683880400572e-01, t.a(), 1e-6);
        assertEquals(-1.014978097037e-02, t.b(), 1e-6);
        assertEquals(2.729861136720e+01, t.tx(), 1e-4);
        assertEquals(4.645851970016e+01, t.ty(), 1e-4);
    }

    @Test
    void rejectsDegenerateInput() {
        assertThrows(IllegalArgumentException.class,
                () -> SimilarityTransform.estimate(NOISY_FACE, ArcFaceTemplate.points().subList(0, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> SimilarityTransform.estimate(List.of(new Point(1, 1)), List.of(new Point(2, 2))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.estimate(
                List.of(new Point(1, 1), new Point(1, 1)), List.of(new Point(0, 0), new Point(1, 1))));
        assertTrue(e.getMessage().contains("coincide"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new Affine(0, 0, 1, 0, 0, 1).inverse());
    }
}
