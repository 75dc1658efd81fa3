package dev.retinaface.video;

import dev.retinaface.core.anonymize.AnonymizeConfig;
import dev.retinaface.core.anonymize.FaceAnonymizer;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live HTTP streams without a camera: another process ({@link StreamServerMain}) serves MPEG-TS over HTTP in FFmpeg's
 * listen mode, and the pipeline reads it by URL. A stream that ends is read to its last frame; a stream that stops
 * sending (a dropped camera) ends the run after the stall timeout; a server killed mid-stream ends the run at once.
 * Each time the anonymised output plays and holds every frame that came in.
 */
class LiveStreamTest {

    @TempDir
    Path dir;

    @Test
    void aStreamThatEndsIsReadToItsLastFrame() throws Exception {
        try (Server server = new Server(50, -1)) {
            Path out = dir.resolve("live.mp4");
            Run run = run(server, out, Duration.ofSeconds(5), null);
            assertEquals(50, run.summary.frames());
            assertTrue(!run.stalled, "a stream that ends is not a stall");
            assertEquals(50, framesIn(out));
        }
    }

    @Test
    void aStreamThatStopsSendingEndsTheRunAfterTheStallTimeout() throws Exception {
        try (Server server = new Server(1000, 30)) {
            Path out = dir.resolve("stalled.mp4");
            Run run = run(server, out, Duration.ofSeconds(2), null);
            assertTrue(run.stalled, "the source reports the stall");
            assertTrue(run.seconds >= 2 && run.seconds < 15, "ended after " + run.seconds + " s");
            assertTrue(run.summary.frames() >= 25 && run.summary.frames() <= 30, "frames: " + run.summary.frames());
            assertEquals(run.summary.frames(), framesIn(out));
        }
    }

    @Test
    void aServerKilledMidStreamEndsTheRunWithAPlayableOutput() throws Exception {
        try (Server server = new Server(1000, 30)) {
            Path out = dir.resolve("killed.mp4");
            Run run = run(server, out, Duration.ofSeconds(30), server::kill);
            // the killed server's socket closes: the run ends long before the 30 s stall timeout
            assertTrue(run.seconds < 20, "ended after " + run.seconds + " s");
            assertTrue(run.summary.frames() >= 25 && run.summary.frames() <= 30, "frames: " + run.summary.frames());
            assertEquals(run.summary.frames(), framesIn(out));
        }
    }

    private record Run(VideoSummary summary, boolean stalled, double seconds) {
    }

    private static Run run(Server server, Path out, Duration stall, Runnable onStalled) throws Exception {
        try (VideoSource source = server.connect(stall)) {
            assertTrue(source.isLive());
            FrameOutput sink = new AnonymizedVideoOutput(VideoSink.open(out, source.width(), source.height(),
                    source.frameRate(), null, source), new FaceAnonymizer(AnonymizeConfig.defaults()));
            if (onStalled != null) {
                Thread killer = new Thread(() -> {
                    if (server.awaitLine("stalled")) {
                        onStalled.run();
                    }
                }, "test-killer");
                killer.setDaemon(true);
                killer.start();
            }
            long start = System.nanoTime();
            VideoSummary summary = new VideoPipeline(null, PipelineConfig.defaults()).run(source, List.of(sink),
                    ProgressListener.NONE);
            return new Run(summary, source.stalled(), (System.nanoTime() - start) / 1e9);
        }
    }

    private static long framesIn(Path file) throws VideoException {
        try (VideoSource source = VideoSource.open(file.toString(), SourceOptions.defaults())) {
            long n = 0;
            for (Frame f = source.next(false); f != null; f = source.next(false)) {
                n++;
            }
            return n;
        }
    }

    /** The stream server process. */
    static final class Server implements AutoCloseable {

        private final Process process;
        private final BufferedReader lines;
        private final String url;

        Server(int frames, int stallAfter) throws Exception {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            url = "http://127.0.0.1:" + port + "/live.ts";
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StreamServerMain.class.getName(), url, Integer.toString(frames), Integer.toString(stallAfter))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(awaitLine("listening"), "the stream server did not start");
        }

        /** Opens the stream, retrying while the server gets to its listening socket. */
        VideoSource connect(Duration stall) throws Exception {
            long until = System.nanoTime() + 20_000_000_000L;
            while (true) {
                try {
                    return VideoSource.open(url, SourceOptions.defaults().withStallTimeout(stall));
                } catch (VideoException e) {
                    if (System.nanoTime() > until || !process.isAlive()) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }

        boolean awaitLine(String wanted) {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals(wanted)) {
                        return true;
                    }
                }
            } catch (java.io.IOException e) {
                return false;
            }
            return false;
        }

        void kill() {
            process.destroyForcibly();
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
