package dev.retinaface.video.track;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;

/**
 * A face in one frame, with the track it belongs to.
 *
 * @param trackId   stable id of the track, from 1
 * @param face      box, score and landmarks: the detection (landmarks smoothed when asked) or, when {@code predicted},
 *                  the tracker's predicted box with the track's last score and landmarks shifted along
 * @param predicted true when no detection matched the track in this frame (a frame between detections with
 *                  {@code --detect-every}, or a short miss)
 */
public record TrackedFace(int trackId, Face face, boolean predicted) {

    public Box box() {
        return face.box();
    }
}
