package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.cli.bench.BenchImages;
import dev.retinaface.cli.bench.ColdStart;
import dev.retinaface.cli.bench.FolderBench;
import dev.retinaface.cli.bench.FrameSize;
import dev.retinaface.cli.folder.PipelinePlan;
import dev.retinaface.cli.peers.AccuracySpeedPlot;
import dev.retinaface.cli.peers.BlazeFace;
import dev.retinaface.cli.peers.HaarCascade;
import dev.retinaface.cli.peers.PeerBench;
import dev.retinaface.cli.peers.PeerException;
import dev.retinaface.eval.run.WiderImage;
import dev.retinaface.eval.run.WiderImageFolder;
import dev.retinaface.eval.widerface.WiderGroundTruth;
import dev.retinaface.cli.bench.MachineInfo;
import dev.retinaface.cli.bench.MarkdownReport;
import dev.retinaface.cli.bench.PeakMemory;
import dev.retinaface.cli.bench.SpeedBench;
import dev.retinaface.core.detect.DetectionConfig;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.model.zoo.ModelZoo;
import dev.retinaface.onnx.quant.Precision;
import dev.retinaface.onnx.quant.QuantizationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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
                "  retinaface bench --precision fp32,int8 --sizes 640x480,1920x1080 --threads 1",
                "  retinaface bench --folder ../shared/widerface/WIDER_val/images --threads 1,2 --precision fp32,int8",
                "  scripts/fetch-peers.sh && retinaface bench --peers --plot docs/peers.png",
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

    @Mixin
    QuantizationOptions int8Options = new QuantizationOptions();

    @Option(names = "--precision", paramLabel = "P,...", split = ",", defaultValue = "fp32",
            description = "fp32, or fp32,int8 to also run the int8 graph (model only and end to end) in the same "
                    + "rotation (default: ${DEFAULT-VALUE}).")
    List<String> precisions;

    @Option(names = "--folder", paramLabel = "DIR",
            description = "Instead of the speed table: images/s over every image of DIR (recursive) through the "
                    + "detect pipeline, for each --threads budget and thread split, configurations interleaved.")
    Path folder;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "--folder: passes over the folder per configuration (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--splits", paramLabel = "WHICH", defaultValue = "all",
            description = "--folder: 'all' thread splits of each budget, or 'default' (the one detect uses; "
                    + "default: ${DEFAULT-VALUE}).")
    String splits;

    @Option(names = "--peers", description = "Instead of the speed table: RetinaFace fp32 and int8 beside BlazeFace "
            + "(128 and 256) and a Haar cascade: ms per VGA frame (1 thread, interleaved) and WIDER val AP.")
    boolean peers;

    @Option(names = "--peers-dir", paramLabel = "DIR",
            description = "Where scripts/fetch-peers.sh put the peer models (default: $RETINAFACE_PEERS, else "
                    + "~/.cache/retinaface/peers).")
    Path peersDir;

    @Option(names = "--val-images", paramLabel = "DIR",
            description = "--peers: WIDER val images (default: shared widerface/WIDER_val/images).")
    Path valImages;

    @Option(names = "--gt", paramLabel = "DIR",
            description = "--peers: WIDER ground truth (default: shared widerface/eval_tools/ground_truth).")
    Path groundTruth;

    @Option(names = "--no-ap", description = "--peers: time only, skip the WIDER evaluation.")
    boolean noAp;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "--peers: draw AP against ms to this PNG.")
    Path plot;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the report to this file.")
    Path markdown;

    @Override
    public Integer call() throws Exception {
        if (folder != null) {
            return folderThroughput();
        }
        if (peers) {
            return peerComparison();
        }
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
        boolean int8 = false;
        for (String p : precisions) {
            int8 |= Precision.parse(p) == Precision.INT8;
        }
        SpeedBench.DetectorFactory int8Models = !int8 ? null
                : t -> FaceModel.load(modelSource, runtime(t, Precision.INT8));
        SpeedBench bench = new SpeedBench(t -> FaceModel.load(modelSource, runtime(t, Precision.FP32)),
                int8Models, DetectorConfig.defaults().withPostProcessing(detection), export,
                new SpeedBench.Plan(warmups, runs, 5, budgetSeconds));
        Map<FrameSize, BufferedImage> images = new HashMap<>();
        List<SpeedBench.Cell> cells = bench.measure(threads, frameSizes,
                size -> images.computeIfAbsent(size, s -> source == null ? BenchImages.synthetic(s)
                        : BenchImages.resized(source, s)),
                line -> spec.commandLine().getErr().println("bench: " + line));
        notes.addAll(bench.notes());
        if (int8) {
            QuantizationConfig q = int8Config();
            notes.add(String.format(java.util.Locale.ROOT, "Int8 graph: %s calibration (percentile %s) on %d "
                    + "images, bias correction %s, float layers %s.", q.method().id(), q.percentile(),
                    q.calibrationImages(), q.biasCorrection() ? "on" : "off", q.floatLayersText()));
        }
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

    private List<Precision> precisionList() {
        List<Precision> list = new ArrayList<>();
        for (String p : precisions) {
            Precision parsed = Precision.parse(p);
            if (!list.contains(parsed)) {
                list.add(parsed);
            }
        }
        return list;
    }

    private int folderThroughput() throws Exception {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--folder " + folder + ": no such folder");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
        }
        if (!splits.equals("all") && !splits.equals("default")) {
            throw new IllegalArgumentException("--splits: 'all' or 'default', got '" + splits + "'");
        }
        String loadBefore = MachineInfo.loadAverage();
        List<Path> files = InputFiles.expand(List.of(folder), List.of()).files();
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--folder " + folder + ": no images");
        }
        Path weightsFile = weights != null ? weights : sharedWeights(sharedFolder());
        ModelSource modelSource = weightsFile != null ? ModelSource.file(model, weightsFile) : ModelSource.named(model);
        List<Precision> precisionList = precisionList();
        List<Integer> budgets = new ArrayList<>();
        for (int t : threads) {
            int used = t > 0 ? t : Runtime.getRuntime().availableProcessors();
            if (!budgets.contains(used)) {
                budgets.add(used);
            }
        }
        List<FolderBench.Config> configs = new ArrayList<>();
        for (Precision p : precisionList) {
            for (int t : budgets) {
                List<PipelinePlan> plans = splits.equals("all") ? PipelinePlan.candidates(t)
                        : List.of(PipelinePlan.forThreads(t));
                for (PipelinePlan plan : plans) {
                    configs.add(new FolderBench.Config(p, t, plan));
                }
            }
        }
        DetectionConfig detection = DetectionConfig.defaults().withScoreThreshold(minScore);
        FolderBench bench = new FolderBench((p, intra) -> FaceModel.load(modelSource, runtime(intra, p)),
                DetectorConfig.defaults().withPostProcessing(detection), new ImageLoader());
        List<FolderBench.Result> results = bench.measure(files, configs, rounds, Math.min(16, files.size()),
                line -> spec.commandLine().getErr().println("bench: " + line));
        String report = "### Folder throughput\n\n- Command: `" + commandLine() + "`\n- Machine: "
                + MachineInfo.current().cores() + " cores, " + MachineInfo.current().cpuModel() + "\n\n"
                + FolderBench.markdown(results, precisionList, budgets, files.size(), folder.toString(),
                loadBefore + " / " + MachineInfo.loadAverage(), bench.yardsticks());
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        if (markdown != null) {
            Files.writeString(markdown, report);
        }
        return 0;
    }

    private int peerComparison() throws Exception {
        String loadBefore = MachineInfo.loadAverage();
        Path shared = sharedFolder();
        Path dir = peersDir != null ? peersDir : defaultPeersDir();
        Path images = valImages != null ? valImages : shared == null ? null : shared.resolve("widerface/WIDER_val/images");
        Path gtDir = groundTruth != null ? groundTruth
                : shared == null ? null : shared.resolve("widerface/eval_tools/ground_truth");
        boolean scoreAp = !noAp;
        if (scoreAp && (images == null || !Files.isDirectory(images) || gtDir == null || !Files.isDirectory(gtDir))) {
            throw new IllegalArgumentException("--peers: WIDER val images or ground truth not found (give --val-images "
                    + "and --gt, set " + SHARED_VARIABLE + ", or --no-ap)");
        }
        Path weightsFile = weights != null ? weights : sharedWeights(shared);
        ModelSource modelSource = weightsFile != null ? ModelSource.file(model, weightsFile) : ModelSource.named(model);
        Path photo = image != null ? image : existing(shared, SAMPLE);
        FrameSize vga = new FrameSize(640, 480);
        BufferedImage frame = photo == null ? BenchImages.synthetic(vga)
                : BenchImages.resized(new ImageLoader().load(photo).image(), vga);
        DetectorConfig operating = DetectorConfig.defaults().withPostProcessing(
                DetectionConfig.defaults().withScoreThreshold(minScore));
        DetectorConfig scoring = DetectorConfig.evaluation();
        List<String> notes = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        List<PeerBench.Entry> entries = new ArrayList<>();
        java.util.function.Consumer<String> log = line -> spec.commandLine().getErr().println("bench: " + line);
        try {
            for (Precision p : precisionListOr(List.of(Precision.FP32, Precision.INT8))) {
                FaceModel m = FaceModel.load(modelSource, runtime(1, p));
                open.add(m);
                entries.add(new PeerBench.Entry("RetinaFace " + model + " " + p.name().toLowerCase(java.util.Locale.ROOT),
                        "original size", m.detector(operating), m.detector(scoring)));
            }
            for (BlazeFace.Variant v : BlazeFace.Variant.values()) {
                Path file = dir.resolve("package/ONNX").resolve(v.fileName());
                if (!Files.isRegularFile(file)) {
                    notes.add("BlazeFace " + v.size() + " skipped: " + file + " not found (run scripts/fetch-peers.sh).");
                    continue;
                }
                BlazeFace timed = new BlazeFace(v, file, 1, operating);
                BlazeFace scored = new BlazeFace(v, file, 1, scoring);
                open.add(timed);
                open.add(scored);
                entries.add(new PeerBench.Entry("BlazeFace " + (v == BlazeFace.Variant.SHORT_RANGE_128
                        ? "short-range" : "back") + " " + v.size(), v.size() + "x" + v.size() + " letterboxed",
                        timed, scored));
            }
            Path cascade = dir.resolve("haarcascade_frontalface_default.xml");
            if (Files.isRegularFile(cascade)) {
                try {
                    HaarCascade haar = new HaarCascade(cascade, DetectorConfig.evaluation());
                    entries.add(new PeerBench.Entry("OpenCV Haar cascade", "original size", haar, haar));
                } catch (PeerException e) {
                    notes.add("Haar cascade skipped: " + e.getMessage());
                }
            } else {
                notes.add("Haar cascade skipped: " + cascade + " not found (run scripts/fetch-peers.sh).");
            }
            Map<PeerBench.Entry, Integer> faces = new java.util.concurrent.ConcurrentHashMap<>();
            int timedRuns = runs > 0 ? runs : 30;
            log.accept("timing " + entries.size() + " detectors on a 640x480 frame, " + timedRuns + " rounds");
            Map<PeerBench.Entry, long[]> times = PeerBench.time(entries, frame, Math.max(3, warmups), timedRuns, faces);
            List<PeerBench.Row> rows = new ArrayList<>();
            WiderGroundTruth gt = scoreAp ? WiderGroundTruth.load(gtDir) : null;
            List<WiderImage> found = scoreAp ? WiderImageFolder.scan(images) : List.of();
            for (PeerBench.Entry e : entries) {
                dev.retinaface.eval.widerface.WiderResult result = null;
                if (scoreAp) {
                    try {
                        result = PeerBench.evaluate(e, found, gt, Runtime.getRuntime().availableProcessors(), log);
                    } catch (IOException | RuntimeException failure) {
                        notes.add(e.name() + ": no AP, the evaluation failed: " + UserErrorHandler.describe(failure));
                    }
                }
                rows.add(new PeerBench.Row(e, dev.retinaface.cli.bench.Stats.ofNanos(times.get(e)),
                        faces.getOrDefault(e, 0), result));
            }
            String report = "### Peers\n\n- Command: `" + commandLine() + "`\n- Machine: "
                    + MachineInfo.current().cores() + " cores, " + MachineInfo.current().cpuModel()
                    + "; load average before/after: " + loadBefore + " / " + MachineInfo.loadAverage() + "\n\n"
                    + PeerBench.markdown(rows, (photo == null ? "synthetic picture" : photo.getFileName().toString())
                    + " resized to 640x480", found.size());
            if (!notes.isEmpty()) {
                report += "\n" + String.join("\n", notes.stream().map(n -> "- " + n).toList()) + "\n";
            }
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
            if (markdown != null) {
                Files.writeString(markdown, report);
            }
            if (plot != null) {
                AccuracySpeedPlot.write(plot, rows, "WIDER val (" + found.size() + " images): AP against speed");
                log.accept("wrote " + plot);
            }
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
        return 0;
    }

    /** The precisions asked for, or {@code fallback} when only the default fp32 was given. */
    private List<Precision> precisionListOr(List<Precision> fallback) {
        boolean given = spec.commandLine().getParseResult().hasMatchedOption("--precision");
        return given ? precisionList() : fallback;
    }

    private static Path defaultPeersDir() {
        String env = System.getenv("RETINAFACE_PEERS");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "retinaface", "peers");
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

    /** A bench model's runtime: its threads and precision, the int8 graph as the int8 options say. */
    private RuntimeConfig runtime(int threads, Precision precision) {
        return RuntimeConfig.defaults().withThreads(threads).withPrecision(precision).withQuantization(int8Config());
    }

    // the bench runs every graph at its original input size, so --calibration-size detector means original here
    private QuantizationConfig int8Config() {
        return int8Options.quantizationConfig("original");
    }
}
