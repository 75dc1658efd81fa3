package dev.retinaface.spark;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code retinaface spark}: the batch job from the command line, in local mode ({@code --master local[N]}) or as the
 * main class of {@code spark-submit} (which sets the master; {@code --master} is then ignored).
 */
@Command(name = "retinaface spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Detect faces in a folder tree or object store with Apache Spark; one output row per image.",
        footer = {"", "Examples:",
                "  retinaface spark --input photos/ --output faces.parquet",
                "  retinaface spark --input photos/ --output faces.jsonl --format json --master local[4]",
                "  retinaface spark --input photos/ --output faces.parquet --resume     (after a killed run)",
                "  spark-submit --class dev.retinaface.spark.SparkMain retinaface-spark-job.jar \\",
                "      --input s3a://bucket/photos/ --output s3a://bucket/faces/",
                "", "Exit status: 0 when every image was read, 1 when some became error rows, 2 on a usage error."})
public final class SparkMain implements Callable<Integer> {

    @Option(names = {"-i", "--input"}, paramLabel = "URI", required = true,
            description = "Input folder or file (file://, hdfs://, s3a://, ...; repeatable), searched recursively.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "URI", required = true, description = "Output folder.")
    String output;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "parquet",
            description = "parquet or json (JSON Lines, same fields) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--resume", description = "Skip images already in the output (same path, length and modification time).")
    boolean resume;

    @Option(names = "--overwrite", description = "Delete an existing output first.")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master when not run by spark-submit (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--glob", paramLabel = "PATTERN", description = "Only files whose name matches, e.g. '*.{jpg,png}'.")
    String glob;

    @Option(names = "--crops", description = "Add a crops column: aligned 112x112 PNG crops, one per face.")
    boolean crops;

    @Option(names = "--blur-output", paramLabel = "URI", description = "Write anonymised copies of the images here.")
    String blurOutput;

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "1000",
            description = "Images per committed Spark job: a killed run loses at most one chunk (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", defaultValue = "mobilenet0.25",
            description = "Named model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = {"-w", "--weights"}, paramLabel = "URI",
            description = "Weights file (.pth) for the model's architecture, shipped to the executors with the job.")
    String weights;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.5", description = "Lowest face score kept (default: ${DEFAULT-VALUE}).")
    float minScore;

    @Option(names = "--nms", paramLabel = "IOU", defaultValue = "0.4", description = "NMS IoU threshold (default: ${DEFAULT-VALUE}).")
    float nms;

    @Option(names = "--resize", paramLabel = "POLICY", defaultValue = "original",
            description = "Input size: original, short:S:L, long:L or scale:F (default: ${DEFAULT-VALUE}).")
    String resize;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "50000000",
            description = "Larger images become error rows (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "0",
            description = "Inference threads of each executor's model (0 = the executor's cores).")
    int threads;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8", description = "Images per detector call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /** The job's options as given on the command line. */
    JobOptions jobOptions() {
        DetectionSettings detection = DetectionSettings.defaults().withModel(model, weights).withMinScore(minScore)
                .withNms(nms).withResize(resize).withMaxPixels(maxPixels).withThreads(threads).withBatchSize(batchSize);
        return new JobOptions(inputs, glob, output, format, resume, overwrite, crops, blurOutput, chunkSize, detection);
    }

    @Override
    public Integer call() {
        JobOptions options = jobOptions();
        SparkSession.Builder builder = SparkSession.builder().appName("retinaface");
        if (System.getProperty("spark.master") == null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            long start = System.nanoTime();
            long images = new FaceDetectionJob(spark).run(options, (chunk, chunks, n) -> {
                if (chunks > 1) {
                    System.err.printf(Locale.ROOT, "retinaface spark: chunk %d/%d committed (%d images)%n", chunk, chunks, n);
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            long errors = images == 0 ? 0 : spark.read().schema(FaceSchema.JOB_COLUMNS).format(options.format())
                    .load(options.output()).filter("error IS NOT NULL").count();
            System.err.printf(Locale.ROOT, "%d image(s) processed, %d error row(s) in the output, %.2f s (%.1f images/s)%n",
                    images, errors, seconds, images / Math.max(seconds, 1e-9));
            return errors == 0 ? 0 : 1;
        } finally {
            spark.stop();
        }
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (System.getenv("RETINAFACE_DEBUG") != null) {
                e.printStackTrace();
            }
            boolean usage = e instanceof IllegalArgumentException;
            cmd.getErr().println("retinaface spark: " + describe(e));
            return usage ? 2 : 1;
        });
        System.exit(cli.execute(args));
    }

    /** The innermost useful message of an error, for people. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof RuntimeException
                && t.getClass().getName().startsWith("org.apache.spark"))) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
