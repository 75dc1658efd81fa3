package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.core.anonymize.AnonymizeConfig;
import dev.retinaface.core.anonymize.FaceAnonymizer;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.video.AnnotatedVideoOutput;
import dev.retinaface.video.AnonymizedVideoOutput;
import dev.retinaface.video.BetweenDetections;
import dev.retinaface.video.FrameOutput;
import dev.retinaface.video.JsonLinesOutput;
import dev.retinaface.video.PipelineConfig;
import dev.retinaface.video.ProgressListener;
import dev.retinaface.video.SourceOptions;
import dev.retinaface.video.TrackCropsOutput;
import dev.retinaface.video.VideoException;
import dev.retinaface.video.VideoPipeline;
import dev.retinaface.video.VideoSink;
import dev.retinaface.video.VideoSource;
import dev.retinaface.video.VideoSummary;
import dev.retinaface.video.track.TrackerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code retinaface video}: faces with track ids in a video, stream or image sequence; JSON, annotated or anonymised video, crops. */
@Command(name = "video", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Detect and track faces in videos, image sequences, cameras and streams.",
        description = {"Detect and track faces in a video file (mp4, mkv, avi, webm, mov), an image sequence (a folder, "
                + "or a pattern such as frames/%05d.png), a V4L2 device (/dev/video0) or a stream URL (rtsp://, http://).",
                "Outputs, in any combination: JSON Lines, an annotated video, an anonymised video, per-track face crops. "
                        + "Videos keep the input's size, frame rate and audio. Ctrl-C ends the run with playable files."},
        footer = {"", "Examples:",
                "  retinaface video clip.mp4 --blur-output clip-blurred.mp4",
                "  retinaface video clip.mp4 --json faces.jsonl --annotate tracks.mp4 --detect-every 3",
                "  retinaface video crowd.mp4 --blur-output out.mp4 --detect-every 3 --between motion   # fastest",
                "  retinaface video rtsp://camera/stream --blur-output out.mkv --stall-timeout 5"})
final class VideoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INPUT", description = "Video file, image folder or pattern, /dev/videoN, or URL.")
    String input;

    @Option(names = "--json", paramLabel = "FILE", description = "JSON Lines: one record per frame with track ids, boxes, scores, landmarks.")
    Path json;

    @Option(names = "--annotate", paramLabel = "OUT", description = "Video with boxes, landmarks and track ids drawn.")
    Path annotate;

    @Option(names = "--blur-output", paramLabel = "OUT", description = "Video with every face masked.")
    Path blurOutput;

    @Mixin
    MaskOptions mask = new MaskOptions();

    @Option(names = "--crops", paramLabel = "DIR", description = "Per track, the aligned 112x112 face of its best frame.")
    Path crops;

    @Option(names = "--detect-every", paramLabel = "N", defaultValue = "1",
            description = "Run the detector on the whole of every N-th frame; tracks carry the boxes in between (default: ${DEFAULT-VALUE}).")
    int detectEvery;

    @Option(names = "--between", paramLabel = "HOW", defaultValue = "roi",
            description = "Boxes on the frames between full detections: roi (the detector on crops around the small "
                    + "faces' tracks, so their boxes follow the detector) or motion (the tracker's motion model only, "
                    + "cheapest) (default: ${DEFAULT-VALUE}).")
    String between;

    @Option(names = "--roi-budget", paramLabel = "F", defaultValue = "0.3",
            description = "With --between roi: largest share of a frame the crops may cover, in (0, 1]; smallest faces "
                    + "first, the rest follow the motion model (default: ${DEFAULT-VALUE}).")
    double roiBudget;

    @Option(names = "--max-age", paramLabel = "FRAMES", defaultValue = "30",
            description = "Frames a track survives without detections (default: ${DEFAULT-VALUE}).")
    int maxAge;

    @Option(names = "--smooth-landmarks", description = "Smooth landmarks along each track (One-Euro filter).")
    boolean smoothLandmarks;

    @Option(names = "--scene-cut", paramLabel = "T", defaultValue = "30",
            description = "Mean grey-level change taken as a scene cut, which restarts tracking; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double sceneCut;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Frames detected at once (default: ${DEFAULT-VALUE}); with --threads 1, N workers use N cores.")
    int workers;

    @Option(names = "--codec", paramLabel = "NAME",
            description = "Video encoder of the outputs (default: H.264 when this FFmpeg has one, else mpeg4; ffv1 is lossless).")
    String codec;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "End the run when a stream or device sends nothing for this long (default: ${DEFAULT-VALUE}).")
    double stallTimeout;

    @Option(names = "--image-rate", paramLabel = "FPS", defaultValue = "25",
            description = "Frame rate of image sequences (default: ${DEFAULT-VALUE}).")
    double imageRate;

    @Option(names = "--no-progress", description = "No progress line on standard error.")
    boolean noProgress;

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @Override
    public Integer call() throws Exception {
        if (json == null && annotate == null && blurOutput == null && crops == null) {
            throw new IllegalArgumentException("choose at least one output: --json, --annotate, --blur-output or --crops");
        }
        if (detectEvery < 1 || workers < 1 || !(stallTimeout > 0)) {
            throw new IllegalArgumentException("--detect-every and --workers must be at least 1, --stall-timeout positive");
        }
        if (!(roiBudget > 0 && roiBudget <= 1)) {
            throw new IllegalArgumentException("--roi-budget must be in (0, 1], got " + roiBudget);
        }
        BetweenDetections betweenDetections = BetweenDetections.parse(between);
        AnonymizeConfig maskConfig = mask.config();
        float high = detectorOptions.minScore;
        TrackerConfig trackerConfig = TrackerConfig.defaults().withScores(high, Math.min(0.1f, high))
                .withMaxAge(maxAge).withSmoothLandmarks(smoothLandmarks);
        PipelineConfig config = PipelineConfig.defaults().withDetectEvery(detectEvery).withWorkers(workers)
                .withTracker(trackerConfig).withSceneCut(sceneCut).withBetween(betweenDetections).withRoiBudget(roiBudget);
        SourceOptions sourceOptions = SourceOptions.defaults()
                .withStallTimeout(Duration.ofMillis(Math.round(stallTimeout * 1000))).withImageRate(imageRate);
        try (FaceModel model = detectorOptions.loadModel();
             VideoSource source = VideoSource.open(input, sourceOptions)) {
            FaceDetector detector = model.detector(frameScale(detectorOptions.detectorConfig(), source.width(), source.height())
                    .withMinScore(trackerConfig.lowScore()));
            List<FrameOutput> outputs = openOutputs(source, maskConfig);
            VideoPipeline pipeline = new VideoPipeline(detector, config);
            Thread hook = new Thread(() -> {
                pipeline.stop();
                try {
                    pipeline.awaitFinished(15_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "retinaface-video-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            VideoSummary summary;
            try (VideoProgress progress = new VideoProgress(!noProgress)) {
                summary = pipeline.run(source, outputs, progress);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for us
                }
            }
            if (source.stalled()) {
                System.err.printf(java.util.Locale.ROOT, "%s: no data for %s s; taken as the end of the stream%n",
                        source.name(), stallTimeout);
            }
            System.err.println(source.name() + ": " + summary.describe());
            return 0;
        }
    }

    /**
     * The detector settings with the resize fixed to the factor it gives the source's frames (the same input for
     * whole frames), so that crops between full detections (--between roi) run at the frame's scale, not their own.
     */
    static DetectorConfig frameScale(DetectorConfig config, int width, int height) {
        ResizePolicy resize = config.resize();
        if (resize instanceof ResizePolicy.Original || resize instanceof ResizePolicy.FixedScale) {
            return config;
        }
        return config.withResize(new ResizePolicy.FixedScale(resize.scale(width, height)));
    }

    private List<FrameOutput> openOutputs(VideoSource source, AnonymizeConfig maskConfig) throws VideoException {
        List<FrameOutput> outputs = new ArrayList<>();
        try {
            if (json != null) {
                outputs.add(new JsonLinesOutput(json));
            }
            if (crops != null) {
                outputs.add(new TrackCropsOutput(crops));
            }
            if (annotate != null) {
                outputs.add(new AnnotatedVideoOutput(VideoSink.open(annotate, source.width(), source.height(),
                        source.frameRate(), codec, source), source.width(), source.height()));
            }
            if (blurOutput != null) {
                outputs.add(new AnonymizedVideoOutput(VideoSink.open(blurOutput, source.width(), source.height(),
                        source.frameRate(), codec, source), new FaceAnonymizer(maskConfig)));
            }
        } catch (VideoException e) {
            for (FrameOutput out : outputs) {
                try {
                    out.close();
                } catch (Exception ignored) {
                    // the first failure is the one to report
                }
            }
            throw e;
        }
        return outputs;
    }

    /** Position, frames and FPS on one line of standard error, redrawn at most ten times a second. */
    static final class VideoProgress implements ProgressListener, AutoCloseable {

        private final boolean enabled;
        private long lastDraw;
        private boolean drawn;

        VideoProgress(boolean enabled) {
            this.enabled = enabled && System.console() != null;
        }

        @Override
        public void progress(long frames, long totalFrames, double seconds, double fps) {
            long now = System.nanoTime();
            if (!enabled || now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            drawn = true;
            String position = ProgressBar.formatDuration(seconds);
            String line = totalFrames > 0
                    ? String.format(java.util.Locale.ROOT, "\r%s  frame %d/%d (%3.0f%%)  %.1f FPS ", position, frames,
                    totalFrames, 100.0 * Math.min(frames, totalFrames) / totalFrames, fps)
                    : String.format(java.util.Locale.ROOT, "\r%s  frame %d  %.1f FPS ", position, frames, fps);
            System.err.print(line);
            System.err.flush();
        }

        @Override
        public void close() {
            if (drawn) {
                System.err.println();
            }
        }
    }
}
