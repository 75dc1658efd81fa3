package dev.retinaface.video;

import dev.retinaface.core.align.FaceAligner;
import dev.retinaface.core.image.ImageWriter;
import dev.retinaface.video.track.TrackedFace;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For each track, the aligned 112×112 face ({@link FaceAligner}) of its best-scoring detected frame, written as
 * {@code track-00001.png} into a folder when the video ends. Only the crop is kept per track, so memory grows with
 * the number of tracks, not with the video.
 */
public final class TrackCropsOutput implements FrameOutput {

    private final Path folder;
    private final FaceAligner aligner = new FaceAligner();
    private final Map<Integer, Best> best = new HashMap<>();

    private record Best(float score, BufferedImage crop) {
    }

    public TrackCropsOutput(Path folder) throws VideoException {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new VideoException(folder.toString(), "cannot create the crops folder (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void accept(VideoFrame frame, List<TrackedFace> faces) {
        for (TrackedFace f : faces) {
            if (f.predicted() || f.face().landmarks().isEmpty()) {
                continue;
            }
            Best current = best.get(f.trackId());
            if (current == null || f.face().score() > current.score()) {
                best.put(f.trackId(), new Best(f.face().score(), aligner.align(frame.image(), f.face())));
            }
        }
    }

    /** Tracks with a crop so far. */
    public int tracks() {
        return best.size();
    }

    @Override
    public void close() throws VideoException {
        for (Map.Entry<Integer, Best> e : best.entrySet()) {
            Path file = folder.resolve(String.format("track-%05d.png", e.getKey()));
            try {
                ImageWriter.writePng(e.getValue().crop(), file);
            } catch (IOException ex) {
                throw new VideoException(file.toString(), "cannot write (" + ex.getMessage() + ")", ex);
            }
        }
    }
}
