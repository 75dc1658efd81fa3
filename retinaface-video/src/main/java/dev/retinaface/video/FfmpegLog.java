package dev.retinaface.video;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegLogCallback;

/** FFmpeg's own logging: silent (errors reach users as {@link VideoException}s), verbose with RETINAFACE_DEBUG set. */
final class FfmpegLog {

    static {
        if (System.getenv("RETINAFACE_DEBUG") != null) {
            avutil.av_log_set_level(avutil.AV_LOG_INFO);
            FFmpegLogCallback.set();
        } else {
            avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        }
    }

    private FfmpegLog() {
    }

    /** Applies the setting (once; later calls do nothing). */
    static void init() {
        // the static initialiser does the work
    }
}
