package dev.retinaface.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch job: lists the input images with Spark's {@code binaryFile} source, skips those already in the output
 * when resuming, and detects faces in chunks of {@link JobOptions#chunkSize()} images. Each chunk is one Spark job
 * whose tasks run {@link DetectPartition} on the executors' shared model and whose output is committed by Spark's
 * file committer (appended to the output folder), so a killed run leaves only whole chunks behind and a rerun with
 * {@code resume} picks up the rest. A bad image becomes a row with {@code error} set; it never fails the job.
 */
public final class FaceDetectionJob {

    /** Told after each committed chunk (progress, tests). */
    @FunctionalInterface
    public interface ChunkListener {
        void committed(int chunk, int chunks, long images);
    }

    private final SparkSession spark;

    public FaceDetectionJob(SparkSession spark) {
        this.spark = spark;
    }

    /** Runs the job; returns the number of images processed (not counting those skipped by resume). */
    public long run(JobOptions options) {
        return run(options, (chunk, chunks, images) -> { });
    }

    /** Runs the job, telling {@code listener} after each committed chunk. */
    public long run(JobOptions options, ChunkListener listener) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path output = new Path(options.output());
        boolean exists = exists(output, hadoop);
        if (exists && options.overwrite()) {
            delete(output, hadoop);
            exists = false;
        } else if (exists && !options.resume() && hasData(output, hadoop)) {
            throw new IllegalArgumentException("the output " + options.output()
                    + " already holds results: add --resume to skip the images in it, or --overwrite to replace it");
        }
        DetectionSettings detection = options.detection().threads() > 0 ? options.detection()
                : options.detection().withThreads(executorCores(spark.sparkContext().getConf()));
        if (detection.weightsUri() != null) {
            ExecutorModels.distribute(spark.sparkContext(), detection.weightsUri());
        }
        Dataset<Row> todo = reader(options).load(options.inputs().toArray(String[]::new))
                .select("path", "length", "modificationTime");
        if (options.resume() && exists && hasData(output, hadoop)) {
            Dataset<Row> done = spark.read().schema(FaceSchema.JOB_COLUMNS).format(options.format())
                    .load(options.output()).select("path", "length", "modification_time");
            todo = todo.join(done, todo.col("path").equalTo(done.col("path"))
                    .and(todo.col("length").equalTo(done.col("length")))
                    .and(todo.col("modificationTime").equalTo(done.col("modification_time"))), "left_anti");
        }
        List<String> paths = todo.orderBy("path").select("path").as(Encoders.STRING()).collectAsList();
        StructType schema = FaceSchema.jobSchema(options.crops());
        BlurWriter blur = options.blurOutput() == null ? null
                : new BlurWriter(qualified(options.blurOutput(), hadoop), qualifiedInputs(options, hadoop), hadoop);
        DetectPartition task = new DetectPartition(detection, options.crops(), blur);
        int chunks = (paths.size() + options.chunkSize() - 1) / options.chunkSize();
        for (int c = 0; c < chunks; c++) {
            List<String> chunk = paths.subList(c * options.chunkSize(), Math.min(paths.size(), (c + 1) * options.chunkSize()));
            spark.sparkContext().setJobDescription("retinaface: chunk " + (c + 1) + "/" + chunks + " (" + chunk.size() + " images)");
            reader(options).load(chunk.stream().map(FaceDetectionJob::escapeGlob).toArray(String[]::new))
                    .select("path", "length", "modificationTime", "content")
                    .mapPartitions(task, Encoders.row(schema))
                    .write().mode(SaveMode.Append).format(options.format())
                    .option("ignoreNullFields", "false") // JSON Lines: every field on every line, null included
                    .save(options.output());
            listener.committed(c + 1, chunks, chunk.size());
        }
        spark.sparkContext().setJobDescription(null);
        return paths.size();
    }

    private DataFrameReader reader(JobOptions options) {
        DataFrameReader reader = spark.read().format("binaryFile").option("recursiveFileLookup", "true");
        return options.glob() == null ? reader : reader.option("pathGlobFilter", options.glob());
    }

    /**
     * ONNX Runtime threads for an executor's one model, shared by its concurrent tasks: the executor's cores
     * ({@code spark.executor.cores}), or N of a {@code local[N]} master.
     */
    static int executorCores(SparkConf conf) {
        String master = conf.get("spark.master", "local[*]");
        if (master.startsWith("local")) {
            String n = master.replaceAll("^local\\[?([^,\\]]*).*$", "$1");
            if (n.isEmpty()) {
                return 1;
            }
            return "*".equals(n) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
        }
        return conf.getInt("spark.executor.cores", 1);
    }

    /** A literal path for a reader that expands glob patterns. */
    static String escapeGlob(String path) {
        return path.replaceAll("([\\\\\\[\\]{}*?])", "\\\\$1");
    }

    private static List<String> qualifiedInputs(JobOptions options, Configuration hadoop) {
        List<String> roots = new ArrayList<>();
        for (String in : options.inputs()) {
            roots.add(qualified(in, hadoop));
        }
        return roots;
    }

    private static String qualified(String uri, Configuration hadoop) {
        try {
            Path p = new Path(uri);
            return p.getFileSystem(hadoop).makeQualified(p).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(Path p, Configuration hadoop) {
        try {
            return p.getFileSystem(hadoop).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the folder holds committed output (files not starting with _ or .). */
    private static boolean hasData(Path p, Configuration hadoop) {
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            for (var status : fs.listStatus(p)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path p, Configuration hadoop) {
        try {
            p.getFileSystem(hadoop).delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
