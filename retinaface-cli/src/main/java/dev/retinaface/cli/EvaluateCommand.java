package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.cli.evaluate.EvaluationReport;
import dev.retinaface.cli.evaluate.Parallelism;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.eval.run.PredictionRun;
import dev.retinaface.eval.run.WiderImage;
import dev.retinaface.eval.run.WiderImageFolder;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.eval.plot.NamedCurves;
import dev.retinaface.eval.plot.PrCurvePlot;
import dev.retinaface.eval.widerface.ImagePredictions;
import dev.retinaface.eval.widerface.WiderEvaluator;
import dev.retinaface.eval.widerface.WiderGroundTruth;
import dev.retinaface.eval.widerface.WiderPredictions;
import dev.retinaface.eval.widerface.WiderResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code retinaface evaluate}: WIDER FACE easy / medium / hard AP of a detector run over a val images folder, or of
 * an existing prediction folder, by the official protocol.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"WIDER FACE evaluation (easy / medium / hard AP, official protocol).",
                "Either runs the detector (score > 0.02) over every image DIR/<event>/<name>.jpg, writes the official "
                        + "prediction layout <event>/<name>.txt and scores it, or scores an existing prediction folder. "
                        + "Only the images present are scored (the denominator counts their faces only)."},
        footer = {"", "Examples:",
                "  retinaface evaluate --weights W.pth --images WIDER_val/images --gt ground_truth",
                "  retinaface evaluate --images val/images --gt gt --resize short:1600:2150 -o pred-1600",
                "  retinaface evaluate --images val/images --gt gt --tta paper --json paper.json",
                "  retinaface evaluate --predictions pred-1600 --gt gt --plot pr.png --overlay orig=pred-orig",
                "", "Exit status: 0 on success, 2 on bad input (missing folders, malformed prediction files, images the "
                + "ground truth lacks)."})
final class EvaluateCommand implements Callable<Integer> {

    /** Lowest score written when --min-score is not given: the PR curve needs the low scores. */
    static final float EVALUATION_MIN_SCORE = (float) WiderPredictions.MIN_SCORE;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Run the detector over DIR/<event>/<name>.jpg (e.g. WIDER_val/images).")
    Path images;

    @Option(names = "--predictions", paramLabel = "DIR",
            description = "Score an existing prediction folder <event>/<name>.txt instead of running the detector.")
    Path predictions;

    @Option(names = "--gt", paramLabel = "DIR", required = true,
            description = "The eval_tools ground_truth folder (wider_face_val.mat, wider_{easy,medium,hard}_val.mat).")
    Path gt;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where to write the predictions (default: a temporary folder, deleted afterwards).")
    Path output;

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "Images detected at once, each with its own session of --threads threads "
                    + "(0 = automatic: one single-threaded worker per core).")
    int workers;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the APs (and settings, timing, overlays) as JSON.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the precision-recall curves to a PNG.")
    Path plot;

    @Option(names = "--overlay", paramLabel = "NAME=DIR", mapFallbackValue = "",
            description = "Also score this prediction folder and overlay its curves, dashed (repeatable).")
    Map<String, Path> overlays = new LinkedHashMap<>();

    @Option(names = "--label", paramLabel = "NAME", description = "Legend name of the main curves.")
    String label;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((images == null) == (predictions == null)) {
            throw new IllegalArgumentException("give either --images DIR (run the detector) or --predictions DIR "
                    + "(score a prediction folder), not " + (images == null ? "neither" : "both"));
        }
        checkOverlays();
        WiderGroundTruth groundTruth = WiderGroundTruth.load(gt);
        List<EvaluationReport.Row> rows = new ArrayList<>();
        Map<String, Object> run = new LinkedHashMap<>();
        if (images != null) {
            rows.add(detectAndScore(groundTruth, run));
        } else {
            rows.add(new EvaluationReport.Row(label != null ? label : predictions.getFileName().toString(),
                    WiderEvaluator.evaluate(groundTruth, readPredictions(predictions))));
            run.put("predictions", predictions.toString());
        }
        for (Map.Entry<String, Path> overlay : overlays.entrySet()) {
            rows.add(new EvaluationReport.Row(overlay.getKey(),
                    WiderEvaluator.evaluate(groundTruth, readPredictions(overlay.getValue()))));
        }
        System.out.print(EvaluationReport.table(rows));
        System.out.flush();
        if (json != null) {
            EvaluationReport.writeJson(json, rows, run);
            System.err.println("wrote " + json);
        }
        if (plot != null) {
            PrCurvePlot.write(plot, rows.stream().map(r -> new NamedCurves(r.label(), r.result())).toList());
            System.err.println("wrote " + plot);
        }
        return 0;
    }

    private void checkOverlays() {
        for (Map.Entry<String, Path> overlay : overlays.entrySet()) {
            if (overlay.getKey().isBlank() || overlay.getValue() == null || overlay.getValue().toString().isEmpty()) {
                throw new IllegalArgumentException("--overlay needs NAME=DIR, got '" + overlay.getKey() + "'");
            }
        }
    }

    private EvaluationReport.Row detectAndScore(WiderGroundTruth groundTruth, Map<String, Object> run) throws IOException {
        List<WiderImage> found = WiderImageFolder.scan(images);
        WiderImageFolder.requireKnown(found, groundTruth);
        boolean minScoreGiven = spec.commandLine().getParseResult().hasMatchedOption("--min-score");
        if (!minScoreGiven) {
            detectorOptions.minScore = EVALUATION_MIN_SCORE;
        }
        Parallelism plan = Parallelism.choose(Runtime.getRuntime().availableProcessors(), workers, detectorOptions.threads);
        detectorOptions.threads = plan.threadsPerWorker();
        Path outDir = output != null ? output : Files.createTempDirectory("retinaface-predictions");
        // one model (thread-safe), each worker on its own thread with threadsPerWorker intra-op threads
        try (FaceModel model = detectorOptions.loadModel()) {
            FaceDetector detector = model.detector(detectorOptions.detectorConfig());
            System.err.printf(Locale.ROOT, "detecting %d images (%s, resize %s, tta %s, score > %s) with %s%n",
                    found.size(), model.name(), detectorOptions.resize, detectorOptions.tta,
                    detectorOptions.minScore, plan);
            PredictionRun.Summary summary;
            try (ProgressBar progress = new ProgressBar("evaluate", found.size(), !quiet)) {
                summary = new PredictionRun(new ImageLoader(detectorOptions.imageLoadConfig()), detectorOptions.minScore)
                        .run(found, outDir, Collections.nCopies(plan.workers(), detector), () -> progress.step(1));
            }
            System.err.printf(Locale.ROOT, "%d images, %,d faces, %.1f s (%.3f s/image, %.2f images/s)%n",
                    summary.images(), summary.faces(), summary.seconds(), summary.secondsPerImage(),
                    summary.imagesPerSecond());
            WiderResult result = WiderEvaluator.evaluate(groundTruth, readBack(outDir, found));
            run.put("model", model.name());
            run.put("weights", detectorOptions.weights == null ? null : detectorOptions.weights.toString());
            run.put("resize", detectorOptions.resize);
            run.put("tta", detectorOptions.tta);
            run.put("min_score", (double) detectorOptions.minScore);
            run.put("nms", (double) detectorOptions.nms);
            run.put("workers", plan.workers());
            run.put("threads_per_worker", plan.threadsPerWorker());
            run.put("seconds", summary.seconds());
            run.put("seconds_per_image", summary.secondsPerImage());
            run.put("predictions", output == null ? null : output.toString());
            String name = label != null ? label : defaultLabel(model.name());
            return new EvaluationReport.Row(name, result);
        } finally {
            if (output == null) {
                deleteTree(outDir);
            }
        }
    }

    /** A prediction folder, with a note on standard error for scores outside [0, 1] (kept, as issue 13 asks to say). */
    private static WiderPredictions readPredictions(Path dir) throws IOException {
        WiderPredictions read = WiderPredictions.read(dir);
        long outside = read.scoresOutsideUnitRange();
        if (outside > 0) {
            System.err.println("note: " + dir + ": " + outside + " score(s) outside [0, 1] kept (the protocol "
                    + "min-max normalises scores over all images)");
        }
        return read;
    }

    /** The predictions of exactly the images just detected, read back from the files (as any scorer would). */
    private static WiderPredictions readBack(Path outDir, List<WiderImage> found) throws IOException {
        List<ImagePredictions> read = new ArrayList<>(found.size());
        for (WiderImage image : found) {
            read.add(WiderPredictions.readFile(outDir.resolve(image.id().event()).resolve(image.id().name() + ".txt")));
        }
        return new WiderPredictions(read);
    }

    private String defaultLabel(String modelName) {
        String name = modelName + " " + detectorOptions.resize;
        return "none".equalsIgnoreCase(detectorOptions.tta) ? name : name + " tta " + detectorOptions.tta;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
