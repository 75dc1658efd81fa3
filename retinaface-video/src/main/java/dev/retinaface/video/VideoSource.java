package dev.retinaface.video;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One input opened through FFmpeg: a video file, an image sequence (a folder of images, or a printf pattern such as
 * {@code frames/%05d.png}), a V4L2 device ({@code /dev/video0}) or a stream URL (rtsp, http, ...). Video frames come
 * out as packed BGR24; audio frames as FFmpeg decodes them. Not thread-safe.
 */
public final class VideoSource implements AutoCloseable {

    static {
        FfmpegLog.init();
    }

    private final String name;
    private final FFmpegFrameGrabber grabber;
    private final boolean live;
    private final long stallNanos;
    private boolean stalled;

    private VideoSource(String name, FFmpegFrameGrabber grabber, boolean live, long stallNanos) {
        this.name = name;
        this.grabber = grabber;
        this.live = live;
        this.stallNanos = stallNanos;
    }

    /**
     * Opens {@code input}.
     *
     * @throws VideoException when it does not exist, cannot be reached within the stall timeout, or holds no
     *                        decodable video
     */
    public static VideoSource open(String input, SourceOptions options) throws VideoException {
        boolean url = input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
        boolean device = input.startsWith("/dev/video");
        FFmpegFrameGrabber grabber;
        if (url) {
            grabber = new FFmpegFrameGrabber(input);
            long micros = options.stallTimeout().toMillis() * 1000;
            grabber.setOption("rw_timeout", Long.toString(micros));
            grabber.setOption("timeout", Long.toString(micros));
            if (input.toLowerCase(Locale.ROOT).startsWith("rtsp")) {
                grabber.setOption("rtsp_transport", "tcp");
            }
        } else if (device) {
            grabber = new FFmpegFrameGrabber(input);
            grabber.setFormat("video4linux2");
        } else {
            Path path = Path.of(input);
            if (Files.isDirectory(path)) {
                String glob = ImageSequence.globFor(path)
                        .orElseThrow(() -> new VideoException(input, "folder holds no png, jpg or bmp images"));
                grabber = new FFmpegFrameGrabber(glob);
                grabber.setFormat("image2");
                grabber.setOption("pattern_type", "glob");
                grabber.setFrameRate(options.imageRate());
            } else if (input.contains("%")) {
                grabber = new FFmpegFrameGrabber(input);
                grabber.setFormat("image2");
                grabber.setFrameRate(options.imageRate());
            } else {
                if (!Files.isRegularFile(path)) {
                    throw new VideoException(input, "no such file");
                }
                grabber = new FFmpegFrameGrabber(path.toFile());
            }
        }
        grabber.setTimeout((int) Math.min(Integer.MAX_VALUE, options.stallTimeout().toMillis()));
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new VideoException(input, url ? "cannot open the stream (unreachable, refused or timed out)"
                    : "cannot open as video (unsupported or corrupt file)", e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            closeQuietly(grabber);
            throw new VideoException(input, "has no video stream");
        }
        return new VideoSource(input, grabber, url || device, options.stallTimeout().toNanos());
    }

    /** The file, device or URL. */
    public String name() {
        return name;
    }

    /** True for devices and URLs (no known length; a stop in the data is a stall, not the end). */
    public boolean isLive() {
        return live;
    }

    public int width() {
        return grabber.getImageWidth();
    }

    public int height() {
        return grabber.getImageHeight();
    }

    /** Frames per second (25 when the input does not say). */
    public double frameRate() {
        double rate = grabber.getFrameRate();
        return rate > 0 && Double.isFinite(rate) && rate < 1000 ? rate : 25;
    }

    /** Number of video frames the container announces, or -1 when unknown. */
    public long lengthInFrames() {
        int n = grabber.getLengthInVideoFrames();
        return n > 0 && !live ? n : -1;
    }

    /** Duration in microseconds, or -1 when unknown. */
    public long lengthInMicros() {
        long t = grabber.getLengthInTime();
        return t > 0 && !live ? t : -1;
    }

    public int audioChannels() {
        return grabber.getAudioChannels();
    }

    public int sampleRate() {
        return grabber.getSampleRate();
    }

    /** The audio codec of the input (an FFmpeg codec id), 0 when there is no audio. */
    public int audioCodec() {
        return grabber.getAudioChannels() > 0 ? grabber.getAudioCodec() : 0;
    }

    public int audioBitrate() {
        return grabber.getAudioBitrate();
    }

    /**
     * The next frame (video or audio), or null at the end. The frame and its buffers are reused by the next call.
     *
     * @param withAudio whether audio frames are wanted
     * @throws VideoException when the data is corrupt beyond what FFmpeg skips (a live source that stalls ends
     *                        instead, after the frame the stall gave: see {@link #stalled()})
     */
    public Frame next(boolean withAudio) throws VideoException {
        if (stalled) {
            // over RTSP every further read waits out the socket timeout again before the decoder gives up one of the
            // frames it still holds (measured: 4 timeouts, ~13 s at a 3 s stall timeout); those frames are dropped
            return null;
        }
        long start = System.nanoTime();
        try {
            Frame frame = grabber.grabFrame(withAudio, true, true, false, false);
            if (live && System.nanoTime() - start >= stallNanos * 9 / 10) {
                // FFmpeg gives up on a silent stream at the stall timeout and takes it as the end (then hands out one
                // of the frames its decoder still holds); the stream ends here
                stalled = true;
            }
            return frame;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (live && System.nanoTime() - start >= stallNanos * 9 / 10) {
                stalled = true;
                return null;
            }
            throw new VideoException(name, "read failed (" + firstLine(e) + ")", e);
        }
    }

    /**
     * True when a live source ended because it sent nothing for the stall timeout (a dropped camera or stream), as
     * opposed to the stream's own end.
     */
    public boolean stalled() {
        return stalled;
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more can be done about a grabber that fails to close
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
