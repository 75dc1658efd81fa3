package dev.retinaface.core.tta;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BoxVotingTest {

    private static Face face(float x1, float y1, float x2, float y2, float score) {
        return new Face(new Box(x1, y1, x2, y2), score, List.of());
    }

    private static void assertBox(Box expected, Box actual) {
        assertEquals(expected.x1(), actual.x1(), 1e-5f, actual.toString());
        assertEquals(expected.y1(), actual.y1(), 1e-5f, actual.toString());
        assertEquals(expected.x2(), actual.x2(), 1e-5f, actual.toString());
        assertEquals(expected.y2(), actual.y2(), 1e-5f, actual.toString());
    }

    // group A (IoU 100/142), singleton B, group C, last singleton D
    private final Face a1 = face(0, 0, 10, 10, 0.9f);
    private final Face a2 = face(1, 1, 11, 11, 0.6f);
    private final Face b = face(50, 50, 60, 60, 0.8f);
    private final Face c1 = face(100, 100, 120, 120, 0.7f);
    private final Face c2 = face(101, 100, 121, 120, 0.5f);
    private final Face d = face(200, 200, 210, 210, 0.3f);

    @Test
    void groupsBecomeScoreWeightedMeansWithTheMaximumScore() {
        List<Face> out = new BoxVoting().vote(List.of(c2, a2, d, b, a1, c1));
        assertEquals(4, out.size());
        // (0 * 0.9 + 1 * 0.6) / 1.5 = 0.4, (10 * 0.9 + 11 * 0.6) / 1.5 = 10.4
        assertBox(new Box(0.4f, 0.4f, 10.4f, 10.4f), out.get(0).box());
        assertEquals(0.9f, out.get(0).score());
        assertEquals(b, out.get(1));
        assertBox(new Box(100 + 0.5f / 1.2f, 100, 120 + 0.5f / 1.2f, 120), out.get(2).box());
        assertEquals(0.7f, out.get(2).score());
        assertEquals(d, out.get(3));
    }

    @Test
    void insightfaceModeDropsSingletonsExceptTheLastOne() {
        List<Face> out = new BoxVoting(0.4f, 750, true).vote(List.of(a1, a2, b, c1, c2, d));
        assertEquals(3, out.size());
        assertEquals(0.9f, out.get(0).score());
        assertEquals(0.7f, out.get(1).score());
        assertEquals(d, out.get(2)); // last one left: insightface keeps it
    }

    @Test
    void joinsAtExactlyTheThresholdUnlikeNms() {
        // +1 IoU of (0,0,9,9) and (0,0,9,3) is exactly 0.4f: voting merges (>=), NMS keeps both (drops only >)
        Face big = face(0, 0, 9, 9, 0.6f);
        Face small = face(0, 0, 9, 3, 0.4f);
        List<Face> voted = new BoxVoting().vote(List.of(big, small));
        assertEquals(1, voted.size());
        assertBox(new Box(0, 0, 9, 9 * 0.6f + 3 * 0.4f), voted.get(0).box());
        assertEquals(2, new DetectionMerger(MergeMode.NMS, 0.4f, 750).merge(List.of(big, small)).size());
    }

    @Test
    void votesLandmarksOfTheMembersThatHaveThem() {
        List<Point> p1 = List.of(new Point(1, 1), new Point(2, 1), new Point(1.5f, 2), new Point(1, 3), new Point(2, 3));
        List<Point> p2 = List.of(new Point(3, 1), new Point(4, 1), new Point(3.5f, 2), new Point(3, 3), new Point(4, 3));
        Face f1 = new Face(new Box(0, 0, 10, 10), 0.75f, p1);
        Face f2 = new Face(new Box(0, 0, 10, 10), 0.25f, p2);
        Face f3 = new Face(new Box(0, 0, 10, 10), 0.5f, List.of());
        Face voted = new BoxVoting().vote(List.of(f1, f2, f3)).get(0);
        // weights 0.75 and 0.25: x = 0.75 * 1 + 0.25 * 3 = 1.5
        assertEquals(new Point(1.5f, 1), voted.landmarks().get(0));
        assertEquals(new Point(2.5f, 1), voted.landmarks().get(1));
        assertEquals(0.75f, voted.score());
        assertEquals(List.of(), new BoxVoting().vote(List.of(f3, face(0, 0, 10, 10, 0.2f))).get(0).landmarks());
    }

    @Test
    void stopsAtKeepTopKAndRejectsBadSettings() {
        assertEquals(2, new BoxVoting(0.4f, 2, false).vote(List.of(a1, a2, b, c1, c2, d)).size());
        assertEquals(List.of(), new BoxVoting().vote(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BoxVoting(0f, 750, false));
        assertThrows(IllegalArgumentException.class, () -> new BoxVoting(0.4f, 0, false));
    }
}
