package dev.retinaface.core.testsupport;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.io.DetectionJson;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares face lists element by element (same count, same order) with tolerances, reporting the first
 * difference by index and field. Used for parity with {@code ../shared/reference} and between code paths.
 */
public final class FaceAssertions {

    /** Reference JSON coordinates carry 3 decimals; 0.05 px leaves room for float32 drift on top. */
    public static final double REFERENCE_COORDINATE_TOLERANCE = 0.05;
    /** Reference JSON scores carry 6 decimals. */
    public static final double REFERENCE_SCORE_TOLERANCE = 1e-4;

    private FaceAssertions() {
    }

    /** The faces of {@code reference/NAME} (one image per file), skipping the test when shared data is absent. */
    public static List<Face> referenceFaces(String referenceFile) throws IOException {
        return DetectionJson.read(SharedData.resolve("reference/" + referenceFile)).get(0).faces();
    }

    /** Asserts {@code actual} equals the reference detections within the reference tolerances. */
    public static Differences assertMatchesReference(List<Face> reference, List<Face> actual, String what) {
        return assertSameFaces(reference, actual, REFERENCE_COORDINATE_TOLERANCE, REFERENCE_SCORE_TOLERANCE, what);
    }

    /**
     * Asserts both lists hold the same number of faces and that face {@code i} of one matches face {@code i}
     * of the other: box and landmark coordinates within {@code coordinateTolerance} pixels, score within
     * {@code scoreTolerance}.
     *
     * @return the largest differences seen, for reporting
     */
    public static Differences assertSameFaces(List<Face> expected, List<Face> actual, double coordinateTolerance,
                                              double scoreTolerance, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of faces");
        double worstCoordinate = 0;
        double worstScore = 0;
        for (int i = 0; i < expected.size(); i++) {
            Face e = expected.get(i);
            Face a = actual.get(i);
            String where = what + ", face " + i;
            assertEquals(e.score(), a.score(), scoreTolerance, where + ": score");
            worstScore = Math.max(worstScore, Math.abs(e.score() - a.score()));
            float[] ec = coordinates(e);
            float[] ac = coordinates(a);
            assertEquals(ec.length, ac.length, where + ": number of landmarks");
            for (int k = 0; k < ec.length; k++) {
                assertEquals(ec[k], ac[k], coordinateTolerance, where + ": " + coordinateName(k));
                worstCoordinate = Math.max(worstCoordinate, Math.abs(ec[k] - ac[k]));
            }
        }
        return new Differences(worstCoordinate, worstScore);
    }

    /** The largest absolute coordinate (pixels) and score differences of a comparison. */
    public record Differences(double coordinate, double score) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "worst coordinate difference %.4f px, worst score difference %.2g",
                    coordinate, score);
        }
    }

    private static float[] coordinates(Face f) {
        Box b = f.box();
        float[] c = new float[4 + 2 * f.landmarks().size()];
        c[0] = b.x1();
        c[1] = b.y1();
        c[2] = b.x2();
        c[3] = b.y2();
        for (int k = 0; k < f.landmarks().size(); k++) {
            c[4 + 2 * k] = f.landmarks().get(k).x();
            c[5 + 2 * k] = f.landmarks().get(k).y();
        }
        return c;
    }

    private static String coordinateName(int k) {
        return k < 4 ? "box " + new String[] {"x1", "y1", "x2", "y2"}[k]
                : "landmark " + (k - 4) / 2 + (k % 2 == 0 ? " x" : " y");
    }
}
