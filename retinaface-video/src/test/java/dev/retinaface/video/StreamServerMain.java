package dev.retinaface.video;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;

/**
 * A live MPEG-TS stream over HTTP for {@link LiveStreamTest}, run as its own process (FFmpeg's HTTP listen mode, as
 * {@code ffmpeg -re -i in.mp4 -f mpegts -listen 1 http://...} serves it): {@code URL FRAMES STALL_AFTER}. Waits for one
 * client, sends generated 320x240 frames at 25 fps, and either ends the stream after FRAMES frames, or after
 * STALL_AFTER frames (when 0 or more) prints "stalled" and sends nothing more, keeping the connection open until killed.
 */
public final class StreamServerMain {

    private StreamServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int frames = Integer.parseInt(args[1]);
        int stallAfter = Integer.parseInt(args[2]);
        int w = 320;
        int h = 240;
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url, w, h, 0);
        recorder.setFormat("mpegts");
        recorder.setVideoCodecName("mpeg4");
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(25);
        recorder.setVideoBitrate(800_000);
        recorder.setGopSize(10);
        recorder.setOption("listen", "1");
        recorder.setOption("flush_packets", "1");
        System.out.println("listening");
        System.out.flush();
        recorder.start();
        Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
        long start = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            if (i == stallAfter) {
                System.out.println("stalled");
                System.out.flush();
                Thread.sleep(600_000);
            }
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * frame.imageStride + 3 * x;
                    pixels.put(p, (byte) (x + 4 * i));
                    pixels.put(p + 1, (byte) y);
                    pixels.put(p + 2, (byte) (8 * i));
                }
            }
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            // real time, as a camera sends
            long due = start + (i + 1) * 40_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        recorder.close();
        System.out.println("ended");
    }
}
