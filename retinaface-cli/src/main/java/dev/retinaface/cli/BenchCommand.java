package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.cli.bench.BenchImages;
import dev.retinaface.cli.bench.ColdStart;
import dev.retinaface.cli.bench.FrameSize;
import dev.retinaface.cli.bench.MachineInfo;
import dev.retinaface.cli.bench.MarkdownReport;
import dev.retinaface.cli.bench.PeakMemory;
import dev.retinaface.cli.bench.SpeedBench;
import dev.retinaface.core.detect.DetectionConfig;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.model.zoo.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retinaface bench}: model-only, end-to-end, yardstick and cold-start timings as a Markdown table. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Speed benchmark of our ONNX graph against the PyTorch export, as a Markdown report.",
                "Both run in ONNX Runtime with the same input and the same threads; the report also covers end-to-end "
                        + "detection, CLI cold start and peak memory."},
        footer = {"", "Examples:",
                "  retinaface bench                                   default sizes, 1 thread and all cores",
                "  retinaface bench --sizes 640x480 --threads 0 --runs 50 --markdown bench.md",
                "", "Shared data (weights, export, sample photo) is looked up in $RETINAFACE_SHARED, else ../shared."})
final class BenchCommand implements Callable<Integer> {

    static final String SHARED_VARIABLE = "RETINAFACE_SHARED";
    private static final String YARDSTICK = "reference/mobilenet0.25_torch_export.onnx";
    private static final String SAMPLE = "images/sample.jpg";

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", defaultValue = "mobilenet0.25",
            description = "Named model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE",
            description = "Weights file; default: the shared copy for mobilenet0.25 if present, else the registry.")
    Path weights;

    @Option(names = "--sizes", paramLabel = "WxH,...", defaultValue = "640x480,1920x1080,3840x2160",
            description = "Frame sizes (default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = {"-t", "--threads"}, paramLabel = "N,...", split = ",", defaultValue = "1,0",
            description = "Thread settings to compare, 0 = all cores (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "0",
            description = "Timed rounds per cell; 0 = 30 at 640x480, fewer for larger frames (at least 15).")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "-1",
            description = "Untimed rounds first; -1 = a third of the timed rounds, at least 3.")
    int warmups;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "40",
            description = "Stop a cell's timed rounds after this long, once 5 are done (default: ${DEFAULT-VALUE}).")
    double budgetSeconds;

    @Option(names = "--yardstick", paramLabel = "FILE",
            description = "ONNX export to compare with (default: shared " + YARDSTICK + ").")
    Path yardstick;

    @Option(names = "--no-yardstick", description = "Do not run the export.")
    boolean noYardstick;

    @Option(names = "--image", paramLabel = "FILE",
            description = "Photo resized to each size (default: shared " + SAMPLE + ", else a synthetic picture).")
    Path image;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.5",
            description = "Score threshold of the end-to-end runs (default: ${DEFAULT-VALUE}).")
    float minScore;

    @Option(names = "--cold-runs", paramLabel = "N", defaultValue = "3",
            description = "Fresh-JVM 'detect' runs for the cold start, 0 to skip (default: ${DEFAULT-VALUE}).")
    int coldRuns;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the report to this file.")
    Path markdown;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        List<FrameSize> frameSizes = FrameSize.parseList(sizes);
        for (int t : threads) {
            if (t < 0) {
                throw new IllegalArgumentException("--threads values must be >= 0, got " + t);
            }
        }
        ModelZoo.get(model); // unknown names fail here, before any work
        String loadBefore = MachineInfo.loadAverage();
        Path shared = sharedFolder();
        List<String> notes = new ArrayList<>();

        Path weightsFile = weights != null ? weights : sharedWeights(shared);
        byte[] export = yardstickBytes(shared, notes);
        Path photo = image != null ? image : existing(shared, SAMPLE);
        BufferedImage source = photo == null ? null : new ImageLoader().load(photo).image();
        String input = source == null
                ? "synthetic picture (no photo found), one per size"
                : photo + " (" + source.getWidth() + "x" + source.getHeight() + ") resized bilinearly to each size";

        DetectionConfig detection = DetectionConfig.defaults().withScoreThreshold(minScore);
        ModelSource modelSource = weightsFile != null ? ModelSource.file(model, weightsFile) : ModelSource.named(model);
        SpeedBench bench = new SpeedBench(t -> FaceModel.load(modelSource, RuntimeConfig.defaults().withThreads(t)),
                DetectorConfig.defaults().withPostProcessing(detection), export,
                new SpeedBench.Plan(warmups, runs, 5, budgetSeconds));
        Map<FrameSize, BufferedImage> images = new HashMap<>();
        List<SpeedBench.Cell> cells = bench.measure(threads, frameSizes,
                size -> images.computeIfAbsent(size, s -> source == null ? BenchImages.synthetic(s)
                        : BenchImages.resized(source, s)),
                line -> spec.commandLine().getErr().println("bench: " + line));
        notes.addAll(bench.notes());
        images.clear();

        ColdStart.Result cold = null;
        String coldNote = null;
        if (coldRuns > 0) {
            cold = coldStart(weightsFile, photo);
        } else {
            coldNote = "--cold-runs 0";
        }
        long peak = PeakMemory.ofThisProcess().orElse(-1);
        notes.add("Machine noise: other jobs may share these cores; ratios come from interleaved runs, so they are "
                + "steadier than the absolute times.");
        String report = MarkdownReport.render(new MarkdownReport.Content(MachineInfo.current(), commandLine(), input,
                loadBefore, MachineInfo.loadAverage(), cells, cold, coldNote, peak, (System.nanoTime() - start) / 1e9,
                notes));
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        if (markdown != null) {
            Files.writeString(markdown, report);
        }
        return 0;
    }

    private ColdStart.Result coldStart(Path weightsFile, Path photo) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("retinaface-bench");
        try {
            Path input = photo;
            if (input == null) {
                input = work.resolve("synthetic.png");
                ImageIO.write(BenchImages.synthetic(new FrameSize(640, 480)), "png", input.toFile());
            }
            List<String> args = new ArrayList<>(List.of("--model", model));
            if (weightsFile != null) {
                args.addAll(List.of("--weights", weightsFile.toAbsolutePath().toString()));
            }
            args.addAll(List.of("--no-annotate", "-q", "--json", work.resolve("faces.json").toString(),
                    input.toAbsolutePath().toString()));
            spec.commandLine().getErr().println("bench: cold start x" + coldRuns);
            return new ColdStart(args).run(coldRuns, work);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private byte[] yardstickBytes(Path shared, List<String> notes) throws IOException {
        if (noYardstick) {
            notes.add("Export not run (--no-yardstick).");
            return null;
        }
        if (yardstick != null) {
            if (!Files.isRegularFile(yardstick)) {
                throw new IOException("--yardstick " + yardstick + ": no such file");
            }
            return Files.readAllBytes(yardstick);
        }
        if (!ModelZoo.DEFAULT_MODEL.equals(model)) {
            notes.add("Export not run: the shared export is mobilenet0.25, not " + model + " (give --yardstick).");
            return null;
        }
        Path file = existing(shared, YARDSTICK);
        if (file == null) {
            notes.add("Export not run: " + YARDSTICK + " not found (set " + SHARED_VARIABLE + " or --yardstick).");
            return null;
        }
        return Files.readAllBytes(file);
    }

    private Path sharedWeights(Path shared) {
        return ModelZoo.DEFAULT_MODEL.equals(model) ? existing(shared, "weights/mobilenet0.25_Final.pth") : null;
    }

    private static Path sharedFolder() {
        String env = System.getenv(SHARED_VARIABLE);
        Path folder = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared");
        return Files.isDirectory(folder) ? folder.toAbsolutePath().normalize() : null;
    }

    private static Path existing(Path shared, String relative) {
        if (shared == null) {
            return null;
        }
        Path file = shared.resolve(relative);
        return Files.isRegularFile(file) ? file : null;
    }

    private String commandLine() {
        return "retinaface " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
