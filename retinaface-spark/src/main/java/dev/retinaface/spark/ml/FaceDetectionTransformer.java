package dev.retinaface.spark.ml;

import dev.retinaface.spark.DetectionSettings;
import dev.retinaface.spark.FaceSchema;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/**
 * A Spark ML {@link Transformer} that adds the faces of a binary image column (encoded JPEG, PNG, ..., e.g. the
 * {@code content} column of the {@code binaryFile} source) as an {@code array<struct<score, box, landmarks>>} column
 * ({@link FaceSchema#FACES}); rows whose image cannot be read get null. Each executor JVM loads the model once and
 * detects a batch of rows at a time.
 *
 * <pre>{@code
 * Dataset<Row> faces = new FaceDetectionTransformer()
 *         .setInputCol("content").setOutputCol("faces").setMinScore(0.6)
 *         .transform(spark.read().format("binaryFile").load("s3a://bucket/photos/"));
 * }</pre>
 *
 * From PySpark it is reached through the JVM ({@code spark._jvm.dev.retinaface.spark.ml.FaceDetectionTransformer()});
 * see the README.
 *
 * <p>It is persistable like Spark's own stages: {@link #write()} saves its params (Spark's default params metadata,
 * no model data: the weights are named by the {@code weights} param), {@link #load(String)} reads them back, and a
 * saved {@code Pipeline} or {@code PipelineModel} holding it loads with {@code PipelineModel.load}.
 */
public final class FaceDetectionTransformer extends Transformer implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> modelName;
    private final Param<String> weights;
    private final DoubleParam minScore;
    private final DoubleParam nms;
    private final Param<String> resize;
    private final IntParam batchSize;
    private final IntParam threads;

    /** A transformer with {@code detect}'s defaults, reading {@code content} and writing {@code faces}. */
    public FaceDetectionTransformer() {
        this(Identifiable$.MODULE$.randomUID("faceDetection"));
    }

    /** A transformer with the given uid (Spark's {@code copy} calls this). */
    public FaceDetectionTransformer(String uid) {
        this.uid = uid;
        DetectionSettings d = DetectionSettings.defaults();
        inputCol = new Param<>(this, "inputCol", "binary column with encoded images");
        outputCol = new Param<>(this, "outputCol", "faces column to add");
        modelName = new Param<>(this, "model", "model name (e.g. mobilenet0.25, resnet50)");
        weights = new Param<>(this, "weights", "weights file (.pth) URI distributed with the job; empty: the model's own");
        minScore = new DoubleParam(this, "minScore", "lowest face score kept");
        nms = new DoubleParam(this, "nms", "NMS IoU threshold");
        resize = new Param<>(this, "resize", "input size: original, short:S:L, long:L or scale:F");
        batchSize = new IntParam(this, "batchSize", "images per detectAll call");
        threads = new IntParam(this, "threads", "ONNX Runtime threads of an executor's model (0: its cores)");
        setDefault(inputCol, "content");
        setDefault(outputCol, "faces");
        setDefault(modelName, d.modelName());
        setDefault(weights, "");
        setDefault(minScore, (double) d.minScore());
        setDefault(nms, (double) d.nms());
        setDefault(resize, d.resize());
        setDefault(batchSize, d.batchSize());
        setDefault(threads, 0);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> model() {
        return modelName;
    }

    public Param<String> weights() {
        return weights;
    }

    public DoubleParam minScore() {
        return minScore;
    }

    public DoubleParam nms() {
        return nms;
    }

    public Param<String> resize() {
        return resize;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public IntParam threads() {
        return threads;
    }

    public FaceDetectionTransformer setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    public FaceDetectionTransformer setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    public FaceDetectionTransformer setModel(String value) {
        set(modelName, value);
        return this;
    }

    public FaceDetectionTransformer setWeights(String value) {
        set(weights, value);
        return this;
    }

    public FaceDetectionTransformer setMinScore(double value) {
        set(minScore, value);
        return this;
    }

    public FaceDetectionTransformer setNms(double value) {
        set(nms, value);
        return this;
    }

    public FaceDetectionTransformer setResize(String value) {
        set(resize, value);
        return this;
    }

    public FaceDetectionTransformer setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public FaceDetectionTransformer setThreads(int value) {
        set(threads, value);
        return this;
    }

    /** The detector settings the params describe (checked here, on the driver). */
    public DetectionSettings settings() {
        String w = getOrDefault(weights);
        return DetectionSettings.defaults()
                .withModel(getOrDefault(modelName), w == null || w.isEmpty() ? null : w)
                .withMinScore(((Number) getOrDefault(minScore)).floatValue())
                .withNms(((Number) getOrDefault(nms)).floatValue())
                .withResize(getOrDefault(resize))
                .withBatchSize((Integer) getOrDefault(batchSize))
                .withThreads((Integer) getOrDefault(threads));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getOrDefault(inputCol);
        String out = getOrDefault(outputCol);
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("input column " + in + " is missing; columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        if (!DataTypes.BinaryType.equals(schema.apply(in).dataType())) {
            throw new IllegalArgumentException("input column " + in + " must be binary (encoded images), is "
                    + schema.apply(in).dataType().simpleString());
        }
        if (Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException("output column " + out + " already exists");
        }
        return schema.add(out, FaceSchema.FACES, true);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        DetectionSettings settings = settings();
        if (settings.threads() == 0) {
            settings = settings.withThreads(executorCores(dataset));
        }
        if (settings.weightsUri() != null) {
            dev.retinaface.spark.ExecutorModels.distribute(dataset.sparkSession().sparkContext(), settings.weightsUri());
        }
        int index = dataset.schema().fieldIndex(getOrDefault(inputCol));
        return dataset.toDF().mapPartitions(new AppendFaces(settings, index), Encoders.row(out));
    }

    private static int executorCores(Dataset<?> dataset) {
        org.apache.spark.SparkConf conf = dataset.sparkSession().sparkContext().getConf();
        String master = conf.get("spark.master", "local[*]");
        if (master.startsWith("local")) {
            return dataset.sparkSession().sparkContext().defaultParallelism();
        }
        return conf.getInt("spark.executor.cores", 1);
    }

    @Override
    public FaceDetectionTransformer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * Reads a transformer saved with {@code write().save(path)} (Spark's {@code PipelineModel.load} finds this static
     * method by reflection, as for its own Java-visible stages).
     */
    public static MLReader<FaceDetectionTransformer> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a transformer saved at {@code path}. */
    public static FaceDetectionTransformer load(String path) {
        return read().load(path);
    }
}
