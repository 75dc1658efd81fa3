package dev.retinaface.video;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One output video written through FFmpeg: BGR24 frames in, encoded with H.264 where the FFmpeg build has an encoder
 * for it (libx264, else libopenh264), else MPEG-4 part 2; VP9/VP8 for WebM; or a codec named by the caller (ffv1 or
 * png for lossless output). Audio frames from the source are re-muxed into the output, encoded with the source's own
 * codec when the container and build allow it, else AAC. Not thread-safe.
 */
public final class VideoSink implements AutoCloseable {

    static {
        FfmpegLog.init();
    }

    private final Path file;
    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final boolean audio;
    private long videoFrames;

    private VideoSink(Path file, FFmpegFrameRecorder recorder, int width, int height, boolean audio) {
        this.file = file;
        this.recorder = recorder;
        this.frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
        this.audio = audio;
    }

    /**
     * Creates and starts the output.
     *
     * @param codec       an FFmpeg encoder name ({@code libx264}, {@code mpeg4}, {@code ffv1}, {@code png}, ...), or
     *                    null for the default of the container
     * @param audioSource the source whose audio is carried over, or null for none
     */
    public static VideoSink open(Path file, int width, int height, double fps, String codec, VideoSource audioSource)
            throws VideoException {
        String name = file.toString();
        String ext = extension(file);
        boolean withAudio = audioSource != null && audioSource.audioChannels() > 0;
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height,
                withAudio ? audioSource.audioChannels() : 0);
        recorder.setFormat(switch (ext) {
            case "mkv" -> "matroska";
            case "mov" -> "mov";
            case "avi" -> "avi";
            case "webm" -> "webm";
            default -> "mp4";
        });
        recorder.setFrameRate(fps);
        String encoder = codec != null ? codec : defaultEncoder(ext);
        AVCodec found = avcodec.avcodec_find_encoder_by_name(encoder);
        if (found == null) {
            throw new VideoException(name, "this FFmpeg build has no '" + encoder + "' encoder");
        }
        recorder.setVideoCodecName(encoder);
        recorder.setPixelFormat(switch (encoder) {
            case "ffv1" -> avutil.AV_PIX_FMT_BGR0;
            case "png" -> avutil.AV_PIX_FMT_RGB24;
            default -> avutil.AV_PIX_FMT_YUV420P;
        });
        switch (encoder) {
            case "libx264" -> {
                recorder.setVideoOption("preset", "veryfast");
                recorder.setVideoOption("crf", "20");
            }
            case "libopenh264" -> {
                recorder.setVideoBitrate(bitrate(width, height, fps));
                // one encoder thread: measured 7.8 against 8.2-11 ms of CPU a 640x480 frame with its automatic
                // threads, and the pipeline's other stages keep the other cores busy
                recorder.setVideoOption("threads", "1");
            }
            case "mpeg4", "libvpx", "libvpx-vp9" -> recorder.setVideoBitrate(bitrate(width, height, fps));
            default -> {
            }
        }
        if (withAudio) {
            recorder.setSampleRate(audioSource.sampleRate());
            recorder.setAudioChannels(audioSource.audioChannels());
            recorder.setAudioCodec(audioCodecFor(ext, audioSource.audioCodec()));
            recorder.setAudioBitrate(audioSource.audioBitrate() > 0 ? audioSource.audioBitrate() : 128_000);
        }
        try {
            recorder.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception | RuntimeException ignored) {
                // already failing
            }
            throw new VideoException(name, "cannot create output (" + VideoSource.firstLine(e) + ")", e);
        }
        return new VideoSink(file, recorder, width, height, withAudio);
    }

    private static int bitrate(int width, int height, double fps) {
        return (int) Math.min(20_000_000, Math.max(400_000, width * (long) height * fps / 8));
    }

    /** The default video encoder for a container extension, as available in this FFmpeg build. */
    public static String defaultEncoder(String extension) {
        if (extension.equals("webm")) {
            return firstAvailable("libvpx-vp9", "libvpx", "mpeg4");
        }
        return firstAvailable("libx264", "libopenh264", "h264", "mpeg4");
    }

    private static String firstAvailable(String... names) {
        for (String n : names) {
            if (avcodec.avcodec_find_encoder_by_name(n) != null) {
                return n;
            }
        }
        return names[names.length - 1];
    }

    private static int audioCodecFor(String ext, int sourceCodec) {
        if (ext.equals("webm")) {
            return avcodec.AV_CODEC_ID_OPUS;
        }
        boolean mp4Like = ext.equals("mp4") || ext.equals("mov");
        boolean allowed = sourceCodec == avcodec.AV_CODEC_ID_AAC || sourceCodec == avcodec.AV_CODEC_ID_MP3
                || (!mp4Like && (sourceCodec == avcodec.AV_CODEC_ID_PCM_S16LE || sourceCodec == avcodec.AV_CODEC_ID_FLAC));
        return allowed && avcodec.avcodec_find_encoder(sourceCodec) != null ? sourceCodec : avcodec.AV_CODEC_ID_AAC;
    }

    static String extension(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1);
    }

    /** The output file. */
    public Path file() {
        return file;
    }

    /** Frames written so far. */
    public long videoFrames() {
        return videoFrames;
    }

    /** Encodes one frame of packed BGR24 pixels ({@code width × height × 3} bytes, rows without padding). */
    public void writeVideo(byte[] bgr) throws VideoException {
        ByteBuffer target = (ByteBuffer) frame.image[0];
        target.clear();
        int rowBytes = frame.imageWidth * 3;
        if (frame.imageStride * 1 == rowBytes) {
            target.put(bgr, 0, rowBytes * frame.imageHeight);
        } else {
            for (int y = 0; y < frame.imageHeight; y++) {
                target.position(y * frame.imageStride);
                target.put(bgr, y * rowBytes, rowBytes);
            }
        }
        target.rewind();
        try {
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            videoFrames++;
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException(file.toString(), "encoding failed (" + VideoSource.firstLine(e) + ")", e);
        }
    }

    /** Muxes one audio frame of the source (ignored when the output carries no audio). */
    public void writeAudio(Frame samples) throws VideoException {
        if (!audio) {
            return;
        }
        try {
            recorder.record(samples);
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException(file.toString(), "audio encoding failed (" + VideoSource.firstLine(e) + ")", e);
        }
    }

    /** Flushes the encoders and writes the container's index, so the file plays. */
    @Override
    public void close() throws VideoException {
        try {
            recorder.close();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException(file.toString(), "could not finish the file (" + VideoSource.firstLine(e) + ")", e);
        }
    }
}
