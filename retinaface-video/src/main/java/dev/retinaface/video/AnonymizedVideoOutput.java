package dev.retinaface.video;

import dev.retinaface.core.anonymize.FaceAnonymizer;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.video.track.TrackedFace;
import org.bytedeco.javacv.Frame;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the video with every tracked face masked by the shared {@link FaceAnonymizer}. Masks follow the tracks,
 * including their predicted boxes, so a face the detector misses for a frame stays masked. Changes the frame in
 * place, so it must be the last output of a pipeline.
 */
public final class AnonymizedVideoOutput implements FrameOutput {

    private final VideoSink sink;
    private final FaceAnonymizer anonymizer;

    public AnonymizedVideoOutput(VideoSink sink, FaceAnonymizer anonymizer) {
        this.sink = sink;
        this.anonymizer = anonymizer;
    }

    @Override
    public void accept(VideoFrame frame, List<TrackedFace> faces) throws VideoException {
        List<Box> boxes = new ArrayList<>(faces.size());
        for (TrackedFace f : faces) {
            boxes.add(f.box());
        }
        anonymizer.applyInPlace(frame.image(), boxes);
        sink.writeVideo(frame.bytes());
    }

    @Override
    public void audio(Frame samples) throws VideoException {
        sink.writeAudio(samples);
    }

    @Override
    public void close() throws VideoException {
        sink.close();
    }
}
