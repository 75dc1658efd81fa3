package dev.retinaface.video;

import dev.retinaface.video.track.TrackedFace;
import org.bytedeco.javacv.Frame;

import java.util.List;

/** Something the pipeline feeds each frame and its tracked faces to, in frame order, from one thread. */
public interface FrameOutput extends AutoCloseable {

    /** One video frame with its faces. */
    void accept(VideoFrame frame, List<TrackedFace> faces) throws VideoException;

    /** One audio frame of the source, in stream order with the video frames (default: ignored). */
    default void audio(Frame samples) throws VideoException {
    }

    /** Finishes the output (the pipeline calls it also after a failure or a stop, so partial files are usable). */
    @Override
    void close() throws VideoException;
}
