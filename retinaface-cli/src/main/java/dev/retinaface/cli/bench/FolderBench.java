package dev.retinaface.cli.bench;

import dev.retinaface.FaceModel;
import dev.retinaface.cli.folder.FolderPipeline;
import dev.retinaface.cli.folder.PipelinePlan;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.LoadedImage;
import dev.retinaface.core.io.ImageDetections;
import dev.retinaface.onnx.quant.Precision;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folder throughput: every image of a folder through the {@link FolderPipeline} (decode, detect, results collected
 * in input order, as {@code detect} does it), once per configuration (precision x thread split) per round, the
 * configurations in rotation so that machine noise hits them alike. Reports images/s per configuration and the
 * speed-up from 1 thread to the best split of more threads, as the median of per-round ratios.
 */
public final class FolderBench {

    /** Loads a model for a precision and a number of ONNX Runtime intra-op threads. */
    @FunctionalInterface
    public interface ModelFactory {
        FaceModel load(Precision precision, int intraOpThreads) throws IOException;
    }

    /**
     * One measured configuration.
     *
     * @param precision graph precision
     * @param threads   thread budget the plan belongs to
     * @param plan      the thread split
     */
    public record Config(Precision precision, int threads, PipelinePlan plan) {
        @Override
        public String toString() {
            return precision.name().toLowerCase(Locale.ROOT) + ", " + threads + " thread(s): " + plan;
        }
    }

    /**
     * The runs of one configuration.
     *
     * @param config        what ran
     * @param imagesPerSec  images/s of each round, in round order
     * @param faces         faces found in the last round
     * @param failed        files that failed in the last round
     * @param cpuMsPerImage   CPU time of the whole process per image, each round (all threads; other jobs on the
     *                        machine slow the wall time down but hardly this)
     */
    public record Result(Config config, double[] imagesPerSec, long faces, int failed, double[] cpuMsPerImage) {
        /** Median images/s over the rounds. */
        public double median() {
            double[] s = imagesPerSec.clone();
            java.util.Arrays.sort(s);
            return Stats.percentile(s, 50);
        }

        /** Median CPU ms per image over the rounds. */
        public double cpuMedian() {
            double[] s = cpuMsPerImage.clone();
            java.util.Arrays.sort(s);
            return Stats.percentile(s, 50);
        }

        /** Slowest round, images/s. */
        public double min() {
            return java.util.Arrays.stream(imagesPerSec).min().orElse(Double.NaN);
        }

        /** Fastest round, images/s. */
        public double max() {
            return java.util.Arrays.stream(imagesPerSec).max().orElse(Double.NaN);
        }
    }

    private final Map<Integer, List<Double>> yardsticks = new LinkedHashMap<>();
    private final ModelFactory models;
    private final DetectorConfig detectorConfig;
    private final ImageLoader loader;

    /**
     * @param models         loads (and this bench caches) one model per precision and intra-op thread count
     * @param detectorConfig the detectors' settings
     * @param loader         decodes the images
     */
    public FolderBench(ModelFactory models, DetectorConfig detectorConfig, ImageLoader loader) {
        this.models = models;
        this.detectorConfig = detectorConfig;
        this.loader = loader;
    }

    /**
     * Measures every configuration: one warm-up pass over {@code warmupFiles} files each, then {@code rounds}
     * rounds over all files, configurations in rotation (round r starts at configuration r).
     */
    public List<Result> measure(List<Path> files, List<Config> configs, int rounds, int warmupFiles,
                                Consumer<String> progress) throws Exception {
        yardsticks.clear();
        Map<String, FaceModel> loaded = new HashMap<>();
        try {
            Map<Config, FaceDetector> detectors = new LinkedHashMap<>();
            for (Config c : configs) {
                String key = c.precision() + "/" + c.plan().intraOpThreads();
                FaceModel model = loaded.get(key);
                if (model == null) {
                    model = models.load(c.precision(), c.plan().intraOpThreads());
                    loaded.put(key, model);
                }
                detectors.put(c, model.detector(detectorConfig));
            }
            List<Path> warm = files.subList(0, Math.min(warmupFiles, files.size()));
            for (Config c : configs) {
                pass(warm, c, detectors.get(c));
            }
            int k = configs.size();
            double[][] ips = new double[k][rounds];
            double[][] cpu = new double[k][rounds];
            long[] faces = new long[k];
            int[] failed = new int[k];
            for (int r = 0; r < rounds; r++) {
                for (Config c : configs) {
                    if (c.threads() > 1 && yardsticks.computeIfAbsent(c.threads(), t -> new ArrayList<>()).size() == r) {
                        double y = CoreYardstick.ratio(c.threads(), 1000);
                        yardsticks.get(c.threads()).add(y);
                        progress.accept(String.format(Locale.ROOT, "round %d/%d, machine yardstick: %d threads of "
                                + "arithmetic / 1 thread = %.2fx", r + 1, rounds, c.threads(), y));
                    }
                }
                for (int j = 0; j < k; j++) {
                    int i = (r + j) % k;
                    Config c = configs.get(i);
                    long c0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    Pass p = pass(files, c, detectors.get(c));
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    ips[i][r] = (files.size() - p.failed) / seconds;
                    cpu[i][r] = (processCpuNanos() - c0) / 1e6 / Math.max(1, files.size() - p.failed);
                    faces[i] = p.faces;
                    failed[i] = p.failed;
                    progress.accept(String.format(Locale.ROOT, "round %d/%d, %s: %.1f images/s, CPU %.1f ms/image",
                            r + 1, rounds, c, ips[i][r], cpu[i][r]));
                }
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                results.add(new Result(configs.get(i), ips[i], faces[i], failed[i], cpu[i]));
            }
            return results;
        } finally {
            for (FaceModel m : loaded.values()) {
                m.close();
            }
        }
    }

    private record Pass(long faces, int failed) {
    }

    /** CPU time of this process, all threads (-1 when the JVM cannot tell). */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private Pass pass(List<Path> files, Config c, FaceDetector detector) throws Exception {
        List<ImageDetections> collected = new ArrayList<>(files.size());
        long[] faces = new long[1];
        FolderPipeline<LoadedImage, ImageDetections> pipeline = new FolderPipeline<>(c.plan(), loader::load,
                (file, image) -> {
                    List<Face> found = detector.detect(image.image());
                    return new ImageDetections(file.toString(), image.width(), image.height(),
                            image.exifOrientation(), found);
                });
        int failed = pipeline.run(files, outcome -> {
            if (outcome.ok()) {
                collected.add(outcome.result());
                faces[0] += outcome.result().faces().size();
            }
        });
        return new Pass(faces[0], failed);
    }

    /**
     * Median over rounds of (best config of {@code threads} in that round) / (the 1-thread config in that round), for
     * one precision; NaN when either is missing.
     */
    public static double speedup(List<Result> results, Precision precision, int threads) {
        Result one = results.stream().filter(r -> r.config().precision() == precision && r.config().threads() == 1)
                .findFirst().orElse(null);
        List<Result> many = results.stream()
                .filter(r -> r.config().precision() == precision && r.config().threads() == threads).toList();
        if (one == null || many.isEmpty()) {
            return Double.NaN;
        }
        Result best = many.stream().max(java.util.Comparator.comparingDouble(Result::median)).orElseThrow();
        double[] ratio = new double[one.imagesPerSec().length];
        for (int r = 0; r < ratio.length; r++) {
            ratio[r] = best.imagesPerSec()[r] / one.imagesPerSec()[r];
        }
        java.util.Arrays.sort(ratio);
        return Stats.percentile(ratio, 50);
    }

    /**
     * Per thread budget above 1, the machine yardstick of each round ({@link CoreYardstick}: arithmetic by that
     * many threads over one thread, 1 s each, before the round's passes).
     */
    public Map<Integer, List<Double>> yardsticks() {
        return yardsticks;
    }

    /** The results as a Markdown table plus the speed-up lines. */
    public static String markdown(List<Result> results, List<Precision> precisions, List<Integer> threads,
                                  int images, String folder, String load, Map<Integer, List<Double>> yardsticks) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Folder throughput: %d images of %s, decode + detect + results in "
                + "input order (no files written); images/s, median (min-max) over %d rounds, configurations "
                + "interleaved. Load average before/after: %s.%n%n", images, folder,
                results.isEmpty() ? 0 : results.get(0).imagesPerSec().length, load));
        md.append("| precision | threads | split | images/s | CPU ms/image | faces | failed |\n"
                + "|---|---:|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f (%.1f-%.1f) | %.1f | %d | %d |%n",
                    r.config().precision().name().toLowerCase(Locale.ROOT), r.config().threads(), r.config().plan(),
                    r.median(), r.min(), r.max(), r.cpuMedian(), r.faces(), r.failed()));
        }
        md.append('\n');
        for (Precision p : precisions) {
            for (int t : threads) {
                if (t > 1) {
                    md.append(String.format(Locale.ROOT, "- %s: %d threads / 1 thread (best split, median of "
                                    + "per-round ratios): %.2fx (target >= 1.7x)%n",
                            p.name().toLowerCase(Locale.ROOT), t, speedup(results, p, t)));
                }
            }
        }
        for (Map.Entry<Integer, List<Double>> y : yardsticks.entrySet()) {
            double[] v = y.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length > 0) {
                md.append(String.format(Locale.ROOT, "- machine yardstick, same rounds: %d threads of arithmetic / "
                                + "1 thread = %.2fx median (%.2f-%.2f): the most any program could gain from the "
                                + "extra threads at the time%n", y.getKey(), Stats.percentile(v, 50), v[0],
                        v[v.length - 1]));
            }
        }
        return md.toString();
    }
}
