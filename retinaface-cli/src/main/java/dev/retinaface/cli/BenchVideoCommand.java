package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.cli.bench.MachineInfo;
import dev.retinaface.core.anonymize.AnonymizeConfig;
import dev.retinaface.core.anonymize.FaceAnonymizer;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.video.AnonymizedVideoOutput;
import dev.retinaface.video.BetweenDetections;
import dev.retinaface.video.FrameOutput;
import dev.retinaface.video.PipelineConfig;
import dev.retinaface.video.SourceOptions;
import dev.retinaface.video.SyntheticVideo;
import dev.retinaface.video.VideoPipeline;
import dev.retinaface.video.VideoSink;
import dev.retinaface.video.VideoSource;
import dev.retinaface.video.VideoSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code retinaface bench-video}: FPS and realtime factor of the video pipeline on generated videos (pan and zoom
 * over still images), for decode only, decode + detect, decode + detect + blur + encode, and the same with
 * {@code --detect-every 3}; optionally resident memory sampled over a long input. Prints a Markdown table.
 */
@Command(name = "bench-video", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Speed benchmark of the video pipeline on generated videos.",
        description = {"Video pipeline speed on generated videos: FPS and realtime factor for decode only, "
                + "decode+detect, decode+detect+blur+encode and --detect-every 3 (crops between detections, and motion only), per frame size and worker count. "
                + "Also the process CPU time per frame, and its inverse: the FPS one busy core sustains, a figure that "
                + "holds on a loaded machine where wall-clock FPS does not.",
                "Pin the process to cores (taskset -c 0 ...) to measure one core. --memory-minutes M samples resident "
                        + "memory over an M-minute generated input instead."})
final class BenchVideoCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--image", paramLabel = "FILE", split = ",",
            description = "Stills the generated video pans over (default: $RETINAFACE_SHARED/images/sample.jpg,selfie.jpg).")
    List<Path> images;

    @Option(names = "--sizes", paramLabel = "WxH", split = ",", defaultValue = "640x480,1280x720",
            description = "Frame sizes (default: ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(names = "--workers", paramLabel = "N", split = ",", defaultValue = "1,2",
            description = "Detection workers, each running the model on one thread (default: ${DEFAULT-VALUE}).")
    List<Integer> workerCounts;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Length of each generated video (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "25", description = "Frame rate (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--memory-minutes", paramLabel = "M", defaultValue = "0",
            description = "Instead of the table: run decode+detect+blur+encode (--detect-every 3) over an M-minute "
                    + "640x480 video and print resident memory every 30 s of video.")
    int memoryMinutes;

    @Option(names = "--stills", paramLabel = "DIR",
            description = "Instead of the table: write PNG stills of the annotated and the anonymised output of a "
                    + "generated 640x480 video to DIR.")
    Path stillsDir;

    @Option(names = "--stills-detect-every", paramLabel = "N", defaultValue = "1",
            description = "With --stills: run the detector on every N-th frame (crops in between); frame 31, between "
                    + "detections when N > 1, is written too (default: ${DEFAULT-VALUE}).")
    int stillsDetectEvery;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where generated videos go (default: a temporary folder).")
    Path workDir;

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @Override
    public Integer call() throws Exception {
        List<BufferedImage> stills = stills();
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("retinaface-bench-video");
        MachineInfo machine = MachineInfo.current();
        System.out.println("Machine: " + machine + "; available processors: " + Runtime.getRuntime().availableProcessors()
                + "; encoder: " + VideoSink.defaultEncoder("mp4"));
        try (FaceModel model = FaceModel.load(detectorOptions.modelSource(), RuntimeConfig.defaults().withThreads(1))) {
            FaceDetector detector = model.detector(detectorOptions.detectorConfig().withMinScore(0.1f));
            if (stillsDir != null) {
                stills(dir, stills, detector);
                return 0;
            }
            if (memoryMinutes > 0) {
                memory(dir, stills, detector);
                return 0;
            }
            System.out.println();
            System.out.println("| size | workers | stage | frames | FPS | realtime factor | CPU s / frame | FPS per busy core |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (String size : sizes) {
                String[] wh = size.toLowerCase(Locale.ROOT).split("x");
                int w = Integer.parseInt(wh[0].trim());
                int h = Integer.parseInt(wh[1].trim());
                Path input = dir.resolve("bench-" + w + "x" + h + ".mp4");
                int perScene = (int) Math.round(seconds * fps / stills.size());
                SyntheticVideo.write(input, stills, w, h, fps, perScene, 1.2, 2.2, "mpeg4", true);
                // warm-up: JIT, the model's first runs at this size, the encoder
                run(input, detector, PipelineConfig.defaults(), dir.resolve("out.mp4"));
                for (int workers : workerCounts) {
                    PipelineConfig base = PipelineConfig.defaults().withWorkers(workers);
                    row(size, workers, "decode only", run(input, null, base, null));
                    row(size, workers, "decode + detect + track", run(input, detector, base, null));
                    row(size, workers, "decode + detect + blur + encode", run(input, detector, base, dir.resolve("out.mp4")));
                    row(size, workers, "same, --detect-every 3", run(input, detector, base.withDetectEvery(3), dir.resolve("out.mp4")));
                    row(size, workers, "same, --detect-every 3 --between motion", run(input, detector,
                            base.withDetectEvery(3).withBetween(BetweenDetections.MOTION), dir.resolve("out.mp4")));
                }
            }
        }
        return 0;
    }

    private static void row(String size, int workers, String stage, Timed run) {
        VideoSummary s = run.summary();
        double cpuPerFrame = run.cpuSeconds() / Math.max(1, s.frames());
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.1f | %.2f | %.4f | %.1f |%n", size, workers, stage,
                s.frames(), s.fps(), s.realtimeFactor(), cpuPerFrame, cpuPerFrame > 0 ? 1 / cpuPerFrame : 0);
    }

    /** A run's summary and the CPU time the whole process used meanwhile (all threads). */
    private record Timed(VideoSummary summary, double cpuSeconds) {
    }

    private static double processCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0;
    }

    private static Timed run(Path input, FaceDetector detector, PipelineConfig config, Path output)
            throws IOException {
        double cpu = processCpuSeconds();
        VideoSummary summary = runOnce(input, detector, config, output);
        return new Timed(summary, processCpuSeconds() - cpu);
    }

    private static VideoSummary runOnce(Path input, FaceDetector detector, PipelineConfig config, Path output)
            throws IOException {
        try (VideoSource source = VideoSource.open(input.toString(), SourceOptions.defaults())) {
            List<FrameOutput> outputs = new ArrayList<>();
            if (output != null) {
                outputs.add(new AnonymizedVideoOutput(VideoSink.open(output, source.width(), source.height(),
                        source.frameRate(), null, source), new FaceAnonymizer(AnonymizeConfig.defaults())));
            }
            return new VideoPipeline(detector, config).run(source, outputs, (f, t, s, r) -> { });
        }
    }

    private void memory(Path dir, List<BufferedImage> stills, FaceDetector detector) throws IOException {
        Path input = dir.resolve("long-640x480.mp4");
        int frames = (int) Math.round(memoryMinutes * 60 * fps);
        // many short scenes (each still repeated), so faces keep coming and going
        List<BufferedImage> scenes = new ArrayList<>();
        int perScene = (int) Math.round(10 * fps);
        for (int i = 0; i < Math.max(1, frames / perScene); i++) {
            scenes.add(stills.get(i % stills.size()));
        }
        long t0 = System.nanoTime();
        SyntheticVideo.write(input, scenes, 640, 480, fps, perScene, 1.2, 2.2, "mpeg4", true);
        System.out.printf(Locale.ROOT, "generated %d frames in %.0f s%n", scenes.size() * perScene, (System.nanoTime() - t0) / 1e9);
        System.out.println();
        System.out.println("| video time | frames | RSS (MiB) | Java heap used (MiB) |");
        System.out.println("|---|---|---|---|");
        long every = Math.round(30 * fps);
        try (VideoSource source = VideoSource.open(input.toString(), SourceOptions.defaults())) {
            FrameOutput blur = new AnonymizedVideoOutput(VideoSink.open(dir.resolve("long-out.mp4"), 640, 480,
                    source.frameRate(), null, source), new FaceAnonymizer(AnonymizeConfig.defaults()));
            VideoSummary summary = new VideoPipeline(detector, PipelineConfig.defaults().withDetectEvery(3).withWorkers(2))
                    .run(source, List.of(blur), (done, total, position, rate) -> {
                        if (done % every == 0) {
                            Runtime rt = Runtime.getRuntime();
                            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f |%n", ProgressBar.formatDuration(position),
                                    done, rssKib() / 1024.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
                        }
                    });
            System.out.println();
            System.out.println(summary.describe());
        }
    }

    private void stills(Path dir, List<BufferedImage> scenes, FaceDetector detector) throws IOException {
        Path input = dir.resolve("stills-640x480.mp4");
        SyntheticVideo.write(input, scenes, 640, 480, fps, 50, 1.6, 2.2, "mpeg4", true);
        Path annotated = dir.resolve("stills-annotated.mp4");
        Path blurred = dir.resolve("stills-blurred.mp4");
        try (VideoSource source = VideoSource.open(input.toString(), SourceOptions.defaults())) {
            List<FrameOutput> outputs = List.of(
                    new dev.retinaface.video.AnnotatedVideoOutput(VideoSink.open(annotated, 640, 480, source.frameRate(),
                            null, source), 640, 480),
                    new AnonymizedVideoOutput(VideoSink.open(blurred, 640, 480, source.frameRate(), null, source),
                            new FaceAnonymizer(AnonymizeConfig.defaults())));
            System.out.println(new VideoPipeline(detector, PipelineConfig.defaults().withDetectEvery(stillsDetectEvery))
                    .run(source, outputs, (f, t, s, r) -> { }).describe());
        }
        Files.createDirectories(stillsDir);
        for (Path video : List.of(annotated, blurred)) {
            String stem = video.getFileName().toString().replace(".mp4", "");
            try (VideoSource source = VideoSource.open(video.toString(), SourceOptions.defaults())) {
                int index = 0;
                for (org.bytedeco.javacv.Frame f = source.next(false); f != null; f = source.next(false), index++) {
                    if (index == 30 || index == 80 || index == 31 && stillsDetectEvery > 1) {
                        BufferedImage still = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
                        byte[] target = dev.retinaface.core.image.BgrImages.bytes(still);
                        java.nio.ByteBuffer buffer = ((java.nio.ByteBuffer) f.image[0]).duplicate();
                        for (int y = 0; y < 480; y++) {
                            buffer.position(y * f.imageStride);
                            buffer.get(target, y * 640 * 3, 640 * 3);
                        }
                        Path png = stillsDir.resolve("video-" + stem.replace("stills-", "") + "-frame" + index + ".png");
                        dev.retinaface.core.image.ImageWriter.writePng(still, png);
                        System.out.println("wrote " + png);
                    }
                }
            }
        }
    }

    private static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private List<BufferedImage> stills() throws IOException {
        List<Path> files = images;
        if (files == null || files.isEmpty()) {
            String shared = System.getenv().getOrDefault("RETINAFACE_SHARED", "../shared");
            files = List.of(Path.of(shared, "images", "sample.jpg"), Path.of(shared, "images", "selfie.jpg"));
        }
        List<BufferedImage> out = new ArrayList<>();
        for (Path f : files) {
            BufferedImage image = Files.isRegularFile(f) ? ImageIO.read(f.toFile()) : null;
            if (image == null) {
                throw new IOException(f + ": cannot read the still image (give stills with --image)");
            }
            out.add(image);
        }
        return out;
    }
}
