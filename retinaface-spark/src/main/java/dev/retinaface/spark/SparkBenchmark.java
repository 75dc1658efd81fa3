package dev.retinaface.spark;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.model.zoo.ModelSource;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Throughput of the in-process detector and of the Spark job in {@code local[1]} and {@code local[2]} on one folder,
 * in one run, as a Markdown table (used by {@code retinaface-spark/benchmark.sh}, which adds the CLI's figure).
 * Each Spark run is preceded by a warm-up job on a few images (model loaded in the JVM, code compiled), so the
 * figures compare steady-state throughput; Spark's session start is reported on its own.
 *
 * <p>Usage: {@code SparkBenchmark IMAGE_DIR WEIGHTS_FILE}
 */
public final class SparkBenchmark {

    private SparkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SparkBenchmark IMAGE_DIR WEIGHTS_FILE");
            System.exit(2);
        }
        Path images = Path.of(args[0]);
        String weights = args[1];
        List<Path> files;
        try (Stream<Path> s = Files.walk(images)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        DetectionSettings settings = DetectionSettings.defaults().withModel("mobilenet0.25", weights);
        double inProcess = inProcess(files, settings, 1);
        double inProcess2 = inProcess(files, settings, 2);
        Path work = Files.createTempDirectory("retinaface-spark-bench");
        double[] local1 = spark("local[1]", images, files, settings, work);
        double[] local2 = spark("local[2]", images, files, settings, work);
        System.out.printf(Locale.ROOT, "%n| run (%d images) | images/s | ms/image |%n|---|---:|---:|%n", files.size());
        row("in-process detector, 1 thread (decode + detect)", inProcess);
        row("in-process detector, 2 threads", inProcess2);
        row("Spark local[1] job (Parquet out)", local1[0]);
        row("Spark local[2] job (Parquet out)", local2[0]);
        System.out.printf(Locale.ROOT, "%nscaling efficiency local[2] vs local[1]: %.0f%%%n", 100 * local2[0] / (2 * local1[0]));
        System.out.printf(Locale.ROOT, "Spark overhead per image, local[1] vs in-process 1 thread: %.1f ms%n",
                1000 / local1[0] - 1000 / inProcess);
        System.out.printf(Locale.ROOT, "SparkSession start: local[1] %.1f s, local[2] %.1f s (once per job, not in the rates)%n",
                local1[1], local2[1]);
    }

    private static void row(String name, double rate) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f |%n", name, rate, 1000 / rate);
    }

    /** Decode + detect of every file, one model with {@code threads} threads, one image at a time. */
    private static double inProcess(List<Path> files, DetectionSettings settings, int threads) throws IOException {
        try (FaceModel model = FaceModel.load(ModelSource.file(settings.modelName(), Path.of(settings.weightsUri())),
                RuntimeConfig.defaults().withThreads(threads))) {
            FaceDetector detector = model.detector(settings.detectorConfig());
            ImageLoader loader = new ImageLoader(settings.detectorConfig().imageLoading());
            for (Path f : files.subList(0, Math.min(8, files.size()))) {
                detector.detect(loader.load(f).image());
            }
            long start = System.nanoTime();
            for (Path f : files) {
                detector.detect(loader.load(f).image());
            }
            double rate = files.size() / ((System.nanoTime() - start) / 1e9);
            System.err.printf(Locale.ROOT, "in-process, %d thread(s): %.2f images/s%n", threads, rate);
            return rate;
        }
    }

    /** {images/s of the full job, session start seconds}, after a warm-up job on 8 images. */
    private static double[] spark(String master, Path images, List<Path> files, DetectionSettings settings, Path work) {
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().master(master).appName("retinaface-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        try {
            FaceDetectionJob job = new FaceDetectionJob(spark);
            List<String> warmup = files.subList(0, Math.min(8, files.size())).stream().map(Path::toString).toList();
            job.run(JobOptions.of(warmup, work.resolve(master + "-warmup").toString()).withOverwrite(true)
                    .withDetection(settings));
            long start = System.nanoTime();
            long n = job.run(JobOptions.of(List.of(images.toString()), work.resolve(master).toString())
                    .withOverwrite(true).withDetection(settings).withChunkSize(100_000));
            double rate = n / ((System.nanoTime() - start) / 1e9);
            long faces = spark.read().parquet(work.resolve(master).toString())
                    .selectExpr("coalesce(sum(size(faces)), 0)").first().getLong(0);
            System.err.printf(Locale.ROOT, "%s: %.2f images/s, %d faces%n", master, rate, faces);
            return new double[] {rate, startSeconds};
        } finally {
            spark.stop();
        }
    }
}
