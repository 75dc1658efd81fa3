package dev.retinaface.video.track;

import dev.retinaface.core.boxes.Iou;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Gives faces stable ids across frames, in the manner of SORT and ByteTrack: every track carries a constant-velocity
 * Kalman filter on its box; each frame, detections scoring at least {@code highScore} are matched to the predicted
 * track boxes by IoU (greedy, highest IoU first), then low-score detections are matched to the tracks still
 * unmatched that were seen at the previous detection (so a face whose score dips is kept, without low-score noise
 * starting tracks). High-score detections left over start new tracks; tracks unmatched for more than
 * {@code maxAge} frames end. Frames without detection ({@code --detect-every N}) only advance the motion model;
 * frames detected on crops only ({@link #update(List, Predicate)}) count a miss only for tracks the crops covered.
 *
 * <p>Not thread-safe: one tracker follows one video, frame by frame, in order.
 */
public final class FaceTracker {

    private final TrackerConfig config;
    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;

    public FaceTracker(TrackerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public TrackerConfig config() {
        return config;
    }

    /** Number of track ids handed out so far. */
    public int tracksStarted() {
        return nextId - 1;
    }

    /**
     * Advances one frame that was run through the detector.
     *
     * @param detections the frame's faces, any score (those below {@code lowScore} are ignored)
     * @return the faces to report for this frame: matched tracks (the detection), plus tracks missed for at most
     *         {@code maskHold} frames (their predicted box), ordered by track id
     */
    public List<TrackedFace> update(List<Face> detections) {
        return update(detections, box -> true);
    }

    /**
     * Advances one frame that was run through the detector on parts of the frame only (regions around the tracks):
     * as {@link #update(List)}, except that a track left unmatched counts as missed only when {@code searched} holds
     * for its predicted box (the detector looked there); other tracks just follow their motion model.
     */
    public List<TrackedFace> update(List<Face> detections, Predicate<Box> searched) {
        for (Track t : tracks) {
            t.predict();
        }
        List<Face> high = new ArrayList<>();
        List<Face> low = new ArrayList<>();
        for (Face f : detections) {
            if (f.score() >= config.highScore()) {
                high.add(f);
            } else if (f.score() >= config.lowScore()) {
                low.add(f);
            }
        }
        List<Track> unmatched = new ArrayList<>(tracks);
        List<Face> leftHigh = associate(unmatched, high);
        List<Track> recentlySeen = new ArrayList<>();
        for (Track t : unmatched) {
            if (t.matchedAtLastDetection()) {
                recentlySeen.add(t);
            }
        }
        associate(recentlySeen, low);
        unmatched.removeIf(t -> t.framesSinceUpdate() == 0);
        for (Track t : unmatched) {
            if (searched.test(t.predictedBox())) {
                t.missed();
            }
        }
        tracks.removeIf(t -> t.framesSinceUpdate() > config.maxAge());
        for (Face f : leftHigh) {
            tracks.add(new Track(nextId++, f, config.smoothLandmarks()));
        }
        return report();
    }

    /**
     * Moves every track with the camera since the previous frame (call before {@link #update} or {@link #predict}):
     * a point p goes to {@code centre + scale × (p - centre) + (dx, dy)}.
     */
    public void moveCamera(float scale, float dx, float dy, float centreX, float centreY) {
        if (scale != 1 || dx != 0 || dy != 0) {
            for (Track t : tracks) {
                t.moveCamera(scale, dx, dy, centreX, centreY);
            }
        }
    }

    /** Ends every track (a scene cut): faces after it get new ids. */
    public void reset() {
        tracks.clear();
    }

    /** Advances one frame that was not run through the detector: every track follows its motion model. */
    public List<TrackedFace> predict() {
        for (Track t : tracks) {
            t.predict();
        }
        tracks.removeIf(t -> t.framesSinceUpdate() > config.maxAge());
        return report();
    }

    /**
     * Where the motion model expects, in the next frame, the faces that frame would report without a detection
     * (call after {@link #moveCamera}; changes nothing): the places worth looking at again between full detections.
     */
    public List<Box> expectedBoxes() {
        List<Box> out = new ArrayList<>();
        for (Track t : tracks) {
            if (t.matchedAtLastDetection() || t.framesSinceUpdate() + 1 <= config.maskHold()) {
                out.add(t.nextBox());
            }
        }
        return out;
    }

    private List<TrackedFace> report() {
        List<TrackedFace> out = new ArrayList<>();
        for (Track t : tracks) {
            if (t.matchedAtLastDetection() || t.framesSinceUpdate() <= config.maskHold()) {
                out.add(t.current());
            }
        }
        out.sort(Comparator.comparingInt(TrackedFace::trackId));
        return out;
    }

    /**
     * Greedy IoU matching: pairs with IoU at least {@code matchIou}, highest first, each track and detection used once.
     * Matched tracks are updated and removed from {@code candidates}; returns the detections left unmatched.
     */
    private List<Face> associate(List<Track> candidates, List<Face> faces) {
        List<float[]> pairs = new ArrayList<>();
        for (int t = 0; t < candidates.size(); t++) {
            var predicted = candidates.get(t).predictedBox();
            for (int d = 0; d < faces.size(); d++) {
                float iou = Iou.continuous(predicted, faces.get(d).box());
                if (iou >= config.matchIou()) {
                    pairs.add(new float[] {iou, t, d});
                }
            }
        }
        pairs.sort((a, b) -> Float.compare(b[0], a[0]));
        boolean[] trackUsed = new boolean[candidates.size()];
        boolean[] faceUsed = new boolean[faces.size()];
        for (float[] p : pairs) {
            int t = (int) p[1];
            int d = (int) p[2];
            if (!trackUsed[t] && !faceUsed[d]) {
                trackUsed[t] = true;
                faceUsed[d] = true;
                candidates.get(t).update(faces.get(d));
            }
        }
        List<Track> stillOpen = new ArrayList<>();
        for (int t = 0; t < candidates.size(); t++) {
            if (!trackUsed[t]) {
                stillOpen.add(candidates.get(t));
            }
        }
        candidates.retainAll(stillOpen);
        List<Face> left = new ArrayList<>();
        for (int d = 0; d < faces.size(); d++) {
            if (!faceUsed[d]) {
                left.add(faces.get(d));
            }
        }
        return left;
    }
}
