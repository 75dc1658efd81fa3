package dev.retinaface.spark;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.model.zoo.ModelSource;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Throughput of the command line ({@code retinaface detect}, as a separate process), the in-process detector and the
 * Spark job in {@code local[1]} and {@code local[2]} on one folder, in one run: the runs are interleaved, round after
 * round, so a shared machine's load falls on all of them alike; the table gives the median and the range over the
 * rounds. Each Spark run starts its own session, runs a warm-up job on 8 images (model loaded in the JVM, code
 * compiled) and then times the job on the whole folder, so the rates compare steady-state throughput; the session
 * start is reported on its own. Used by {@code retinaface-spark/benchmark.sh}.
 *
 * <p>Usage: {@code SparkBenchmark IMAGE_DIR WEIGHTS_FILE ROUNDS CLI_COMMAND...} (e.g. {@code ./retinaface})
 */
public final class SparkBenchmark {

    /** The summary line {@code detect} prints: images read, faces, seconds (model load + decode + detect). */
    private static final Pattern DETECT_SUMMARY =
            Pattern.compile("(\\d+) image\\(s\\), (\\d+) face\\(s\\).*, ([0-9.]+) s \\(");

    private final Map<String, List<Double>> rates = new LinkedHashMap<>();
    private final Map<String, Long> faces = new LinkedHashMap<>();

    private SparkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SparkBenchmark IMAGE_DIR WEIGHTS_FILE ROUNDS CLI_COMMAND...");
            System.exit(2);
        }
        Path images = Path.of(args[0]);
        String weights = args[1];
        int rounds = Integer.parseInt(args[2]);
        List<String> cli = Arrays.asList(args).subList(3, args.length);
        List<Path> files;
        try (Stream<Path> s = Files.walk(images)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        DetectionSettings settings = DetectionSettings.defaults().withModel("mobilenet0.25", weights);
        new SparkBenchmark().run(images, files, settings, rounds, cli);
    }

    private void run(Path images, List<Path> files, DetectionSettings settings, int rounds, List<String> cli)
            throws Exception {
        Path work = Files.createTempDirectory("retinaface-spark-bench");
        List<Double> sessionStarts = new ArrayList<>();
        try (FaceModel one = model(settings, 1); FaceModel two = model(settings, 2)) {
            for (int r = 1; r <= rounds; r++) {
                System.err.printf(Locale.ROOT, "round %d/%d%n", r, rounds);
                cli("CLI `retinaface detect --threads 1`", cli, 1, images, settings);
                cli("CLI `retinaface detect --threads 2`", cli, 2, images, settings);
                inProcess("in-process detector, 1 thread", one, files, settings);
                inProcess("in-process detector, 2 threads", two, files, settings);
                sessionStarts.add(spark("Spark job `local[1]`", "local[1]", images, files, settings, work));
                sessionStarts.add(spark("Spark job `local[2]`", "local[2]", images, files, settings, work));
            }
        }
        report(files.size(), rounds, sessionStarts);
    }

    private void report(int n, int rounds, List<Double> sessionStarts) {
        System.out.printf(Locale.ROOT, "%n| run (%d images, %d rounds) | images/s median | range | ms/image (median) | faces |%n"
                + "|---|---:|---:|---:|---:|%n", n, rounds);
        rates.forEach((name, r) -> System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %.0f | %d |%n", name,
                median(r), min(r), max(r), 1000 / median(r), faces.get(name)));
        List<Double> local1 = rates.get("Spark job `local[1]`");
        List<Double> local2 = rates.get("Spark job `local[2]`");
        List<Double> inProcess = rates.get("in-process detector, 1 thread");
        List<Double> efficiency = new ArrayList<>();
        List<Double> overheadMs = new ArrayList<>();
        List<Double> overheadShare = new ArrayList<>();
        for (int i = 0; i < local1.size(); i++) {
            efficiency.add(100 * local2.get(i) / (2 * local1.get(i)));
            double ms = 1000 / local1.get(i) - 1000 / inProcess.get(i);
            overheadMs.add(ms);
            overheadShare.add(100 * ms / (1000 / inProcess.get(i)));
        }
        System.out.printf(Locale.ROOT, "%nscaling efficiency local[2] vs local[1] (per round): median %.0f %% (%.0f–%.0f %%)%n",
                median(efficiency), min(efficiency), max(efficiency));
        System.out.printf(Locale.ROOT, "Spark overhead per image, local[1] vs in-process 1 thread (per round): median %.1f ms"
                + " (%.1f–%.1f ms), %.0f %% of the in-process time%n", median(overheadMs), min(overheadMs),
                max(overheadMs), median(overheadShare));
        System.out.printf(Locale.ROOT, "SparkSession start: first %.1f s, later median %.1f s (once per job, not in the rates)%n",
                sessionStarts.get(0), median(sessionStarts.subList(1, sessionStarts.size())));
    }

    private static FaceModel model(DetectionSettings settings, int threads) throws IOException {
        return FaceModel.load(ModelSource.file(settings.modelName(), Path.of(settings.weightsUri())),
                RuntimeConfig.defaults().withThreads(threads));
    }

    /** {@code retinaface detect} as its own process; the rate is the one it reports (model load included). */
    private void cli(String name, List<String> command, int threads, Path images, DetectionSettings settings)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("detect", "--no-annotate", "-q", "--threads", String.valueOf(threads),
                "--weights", settings.weightsUri(), images.toString()));
        Process p = new ProcessBuilder(args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        Matcher m = DETECT_SUMMARY.matcher(err);
        if (code != 0 || !m.find()) {
            throw new IllegalStateException("retinaface detect failed (exit " + code + "): " + err);
        }
        record(name, Long.parseLong(m.group(1)) / Double.parseDouble(m.group(3)), Long.parseLong(m.group(2)));
    }

    /** Decode + detect of every file, one image at a time, on a loaded model. */
    private void inProcess(String name, FaceModel model, List<Path> files, DetectionSettings settings)
            throws IOException {
        FaceDetector detector = model.detector(settings.detectorConfig());
        ImageLoader loader = new ImageLoader(settings.detectorConfig().imageLoading());
        for (Path f : files.subList(0, Math.min(8, files.size()))) {
            detector.detect(loader.load(f).image());
        }
        long found = 0;
        long start = System.nanoTime();
        for (Path f : files) {
            found += detector.detect(loader.load(f).image()).size();
        }
        record(name, files.size() / ((System.nanoTime() - start) / 1e9), found);
    }

    /** Times the full job after a warm-up job on 8 images; returns the session's start in seconds. */
    private double spark(String name, String master, Path images, List<Path> files, DetectionSettings settings,
                         Path work) {
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().master(master).appName("retinaface-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        Path out = work.resolve(master.replaceAll("[^A-Za-z0-9]", "")); // no [ ]: Spark reads paths as globs
        try {
            FaceDetectionJob job = new FaceDetectionJob(spark);
            List<String> warmup = files.subList(0, Math.min(8, files.size())).stream().map(Path::toString).toList();
            job.run(JobOptions.of(warmup, out + "-warmup").withOverwrite(true)
                    .withDetection(settings));
            long start = System.nanoTime();
            long n = job.run(JobOptions.of(List.of(images.toString()), out.toString())
                    .withOverwrite(true).withDetection(settings).withChunkSize(100_000));
            double rate = n / ((System.nanoTime() - start) / 1e9);
            long found = spark.read().parquet(out.toString())
                    .selectExpr("coalesce(sum(size(faces)), 0)").first().getLong(0);
            record(name, rate, found);
            return startSeconds;
        } finally {
            spark.stop();
        }
    }

    private void record(String name, double rate, long found) {
        System.err.printf(Locale.ROOT, "  %s: %.2f images/s, %d faces%n", name, rate, found);
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
        Long before = faces.put(name, found);
        if (before != null && before != found) {
            System.err.printf(Locale.ROOT, "  (%s found %d faces in an earlier round)%n", name, before);
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
