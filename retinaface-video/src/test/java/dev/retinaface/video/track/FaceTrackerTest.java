package dev.retinaface.video.track;

import dev.retinaface.core.boxes.Iou;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceTrackerTest {

    private static Face face(float cx, float cy, float size, float score) {
        return new Face(new Box(cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2), score, List.of());
    }

    @Test
    void twoMovingFacesKeepTheirIdsThroughJitterAndMisses() {
        FaceTracker tracker = new FaceTracker(TrackerConfig.defaults());
        Random random = new Random(3);
        int[] ids = new int[2];
        for (int frame = 0; frame < 120; frame++) {
            List<Face> dets = new ArrayList<>();
            // face A moves right 3 px a frame, face B moves left and grows; they cross paths vertically apart
            if (frame % 17 != 5) {
                dets.add(face(50 + 3 * frame + (float) random.nextGaussian(), 100, 60, 0.9f));
            }
            dets.add(face(450 - 2 * frame, 300 + (float) random.nextGaussian(), 50 + frame * 0.3f, 0.95f));
            List<TrackedFace> out = tracker.update(dets);
            assertEquals(2, out.size(), "frame " + frame);
            TrackedFace a = out.stream().filter(t -> t.box().centerY() < 200).findFirst().orElseThrow();
            TrackedFace b = out.stream().filter(t -> t.box().centerY() > 200).findFirst().orElseThrow();
            if (frame == 0) {
                ids[0] = a.trackId();
                ids[1] = b.trackId();
            }
            assertEquals(ids[0], a.trackId(), "frame " + frame);
            assertEquals(ids[1], b.trackId(), "frame " + frame);
            assertEquals(frame % 17 == 5, a.predicted(), "a missed face is reported with its predicted box");
        }
        assertEquals(2, tracker.tracksStarted());
    }

    @Test
    void lowScoreDetectionsKeepATrackAliveButDoNotStartOne() {
        FaceTracker tracker = new FaceTracker(TrackerConfig.defaults().withMaskHold(0));
        assertEquals(1, tracker.update(List.of(face(100, 100, 50, 0.9f))).size());
        for (int i = 1; i < 10; i++) {
            List<TrackedFace> out = tracker.update(List.of(face(100 + i, 100, 50, 0.2f), face(400, 400, 50, 0.3f)));
            assertEquals(1, out.size());
            assertEquals(1, out.get(0).trackId());
            assertFalse(out.get(0).predicted());
        }
        assertEquals(1, tracker.tracksStarted());
    }

    @Test
    void tracksEndAfterMaxAgeAndAJumpStartsANewId() {
        FaceTracker tracker = new FaceTracker(TrackerConfig.defaults().withMaxAge(5).withMaskHold(2));
        tracker.update(List.of(face(100, 100, 50, 0.9f)));
        assertEquals(1, tracker.update(List.of()).size(), "held for maskHold frames");
        assertEquals(1, tracker.update(List.of()).size());
        assertTrue(tracker.update(List.of()).isEmpty());
        List<TrackedFace> back = tracker.update(List.of(face(102, 100, 50, 0.9f)));
        assertEquals(1, back.get(0).trackId(), "re-found within maxAge");
        for (int i = 0; i < 6; i++) {
            tracker.update(List.of());
        }
        assertEquals(2, tracker.update(List.of(face(100, 100, 50, 0.9f))).get(0).trackId(), "dropped after maxAge");
        List<TrackedFace> cut = tracker.update(List.of(face(400, 300, 80, 0.9f)));
        assertEquals(List.of(3), cut.stream().filter(t -> !t.predicted()).map(TrackedFace::trackId).toList(),
                "a cut gives a new id");
    }

    @Test
    void predictionCarriesBoxesBetweenDetections() {
        FaceTracker tracker = new FaceTracker(TrackerConfig.defaults());
        int n = 3;
        int within = 0;
        int total = 0;
        for (int frame = 0; frame < 90; frame++) {
            Face truth = face(60 + 4 * frame, 120 + 1.5f * frame, 40 + 0.5f * frame, 0.9f);
            List<TrackedFace> out = frame % n == 0 ? tracker.update(List.of(truth)) : tracker.predict();
            assertEquals(1, out.size());
            total++;
            if (Iou.continuous(out.get(0).box(), truth.box()) >= 0.9f) {
                within++;
            }
        }
        assertTrue(within >= 0.9 * total, within + " of " + total);
    }

    @Test
    void oneEuroRemovesJitterAtRestAndFollowsMotion() {
        OneEuroFilter filter = new OneEuroFilter(0.05, 0.02, 0.3);
        Random random = new Random(1);
        double rawError = 0;
        double filteredError = 0;
        for (int i = 0; i < 200; i++) {
            double noisy = 100 + 2 * random.nextGaussian();
            double out = filter.filter(noisy, 1);
            if (i > 20) {
                rawError += Math.abs(noisy - 100);
                filteredError += Math.abs(out - 100);
            }
        }
        assertTrue(filteredError < 0.5 * rawError, filteredError + " vs " + rawError);
        double out = 0;
        for (int i = 1; i <= 60; i++) {
            out = filter.filter(100 + 5 * i, 1);
        }
        assertTrue(Math.abs(out - 400) < 25, "lag " + (400 - out));
    }

    @Test
    void aPartialDetectionCountsAMissOnlyForTracksItSearched() {
        FaceTracker tracker = new FaceTracker(TrackerConfig.defaults().withMaskHold(0));
        tracker.update(List.of(face(100, 100, 20, 0.9f), face(300, 100, 20, 0.9f)));
        assertEquals(List.of(face(100, 100, 20, 0.9f).box(), face(300, 100, 20, 0.9f).box()), tracker.expectedBoxes());
        // the detector looked only at the left half and found nothing there
        List<TrackedFace> out = tracker.update(List.of(), box -> box.centerX() < 200);
        assertEquals(1, out.size(), "the left face was missed, the right one was not looked at: " + out);
        assertEquals(2, out.get(0).trackId());
        assertTrue(out.get(0).predicted());
        // the next full detection finds both again, with their ids
        out = tracker.update(List.of(face(100, 100, 20, 0.9f), face(300, 100, 20, 0.9f)));
        assertEquals(List.of(1, 2), out.stream().map(TrackedFace::trackId).toList());
        assertEquals(2, tracker.tracksStarted());
    }

    @Test
    void expectedBoxesLookOneFrameAheadWithoutMovingTheTracks() {
        FaceTracker tracker = new FaceTracker(TrackerConfig.defaults());
        for (int i = 0; i < 10; i++) {
            tracker.update(List.of(face(100 + 5 * i, 100, 20, 0.9f)));
        }
        Box ahead = tracker.expectedBoxes().get(0);
        assertEquals(150, ahead.centerX(), 1.5);
        assertEquals(ahead, tracker.expectedBoxes().get(0), "asking twice changes nothing");
        assertEquals(ahead.centerX(), tracker.predict().get(0).box().centerX(), 1e-3);
    }
}
