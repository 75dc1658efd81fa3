package dev.retinaface.video;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates test and benchmark videos: for each still, a camera move over it (a slow pan with a zoom in, so faces
 * move and grow), then a hard cut to the next still; a 440 Hz sine tone as the audio track.
 */
public final class SyntheticVideo {

    static {
        FfmpegLog.init();
    }

    /** Audio sample rate of generated videos. */
    public static final int SAMPLE_RATE = 44_100;

    private SyntheticVideo() {
    }

    /**
     * Writes the video.
     *
     * @param scenes         the stills, one scene each
     * @param framesPerScene frames of each scene
     * @param zoomFrom       zoom at the start of a scene (1 = the whole still fits the frame's height or width)
     * @param zoomTo         zoom at the end of a scene
     * @param codec          encoder name ({@code mpeg4}, {@code libx264}, {@code ffv1}, ...)
     * @param audio          whether to add the sine tone
     */
    public static void write(Path file, List<BufferedImage> scenes, int width, int height, double fps,
                             int framesPerScene, double zoomFrom, double zoomTo, String codec, boolean audio)
            throws VideoException {
        String ext = VideoSink.extension(file);
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, audio ? 1 : 0);
        recorder.setFormat(ext.equals("mkv") ? "matroska" : ext.equals("avi") ? "avi" : "mp4");
        recorder.setFrameRate(fps);
        recorder.setVideoCodecName(codec);
        recorder.setPixelFormat(codec.equals("ffv1") ? avutil.AV_PIX_FMT_BGR0 : avutil.AV_PIX_FMT_YUV420P);
        if (!codec.equals("ffv1")) {
            recorder.setVideoBitrate((int) Math.max(1_000_000, width * (long) height * fps / 4));
        }
        if (audio) {
            recorder.setSampleRate(SAMPLE_RATE);
            recorder.setAudioCodec(ext.equals("mkv") || ext.equals("avi") ? avcodec.AV_CODEC_ID_PCM_S16LE
                    : avcodec.AV_CODEC_ID_AAC);
        }
        Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        long samplesWritten = 0;
        try {
            recorder.start();
            long index = 0;
            for (BufferedImage still : scenes) {
                for (int i = 0; i < framesPerScene; i++, index++) {
                    double t = framesPerScene > 1 ? i / (double) (framesPerScene - 1) : 0;
                    render(still, canvas, t, zoomFrom, zoomTo);
                    ByteBuffer target = (ByteBuffer) frame.image[0];
                    for (int y = 0; y < height; y++) {
                        target.position(y * frame.imageStride);
                        target.put(pixels, y * width * 3, width * 3);
                    }
                    target.rewind();
                    recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                    if (audio) {
                        long until = Math.round((index + 1) * SAMPLE_RATE / fps);
                        int n = (int) (until - samplesWritten);
                        ShortBuffer tone = ShortBuffer.allocate(n);
                        for (int k = 0; k < n; k++) {
                            double s = Math.sin(2 * Math.PI * 440 * (samplesWritten + k) / SAMPLE_RATE);
                            tone.put((short) Math.round(8000 * s));
                        }
                        tone.flip();
                        recorder.recordSamples(SAMPLE_RATE, 1, tone);
                        samplesWritten = until;
                    }
                }
            }
            recorder.close();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException(file.toString(), "cannot write the generated video (" + VideoSource.firstLine(e) + ")", e);
        }
    }

    /**
     * The view of a still at time {@code t} in [0, 1] of its scene: panning left to right, zooming in. Returns
     * {left, top, scale}: a point (x, y) of the still lands at ((x - left) × scale, (y - top) × scale) in the frame.
     */
    public static double[] view(int stillWidth, int stillHeight, int width, int height, double t, double zoomFrom,
                                double zoomTo) {
        double fit = Math.min(stillWidth / (double) width, stillHeight / (double) height);
        double zoom = zoomFrom + (zoomTo - zoomFrom) * t;
        double viewW = width * fit / zoom;
        double viewH = height * fit / zoom;
        double cx = viewW / 2 + (stillWidth - viewW) * (0.4 + 0.2 * t);
        double cy = Math.max(viewH / 2, Math.min(stillHeight - viewH / 2, stillHeight / 2.0));
        return new double[] {cx - viewW / 2, cy - viewH / 2, width / viewW};
    }

    /** Draws the view of {@code still} at time {@code t} (see {@link #view}). */
    static void render(BufferedImage still, BufferedImage canvas, double t, double zoomFrom, double zoomTo) {
        int w = canvas.getWidth();
        int h = canvas.getHeight();
        double[] v = view(still.getWidth(), still.getHeight(), w, h, t, zoomFrom, zoomTo);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            java.awt.geom.AffineTransform at = new java.awt.geom.AffineTransform();
            at.scale(v[2], v[2]);
            at.translate(-v[0], -v[1]);
            g.drawImage(still, at, null);
        } finally {
            g.dispose();
        }
    }
}
