package dev.retinaface.video;

/** Told about each frame the pipeline finishes (from the pipeline's output thread). */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param frames      frames finished so far
     * @param totalFrames frames in the input, or -1 when unknown (live sources)
     * @param seconds     position in the input, in seconds
     * @param fps         frames finished per second of wall time so far
     */
    void progress(long frames, long totalFrames, double seconds, double fps);

    ProgressListener NONE = (frames, total, seconds, fps) -> { };
}
