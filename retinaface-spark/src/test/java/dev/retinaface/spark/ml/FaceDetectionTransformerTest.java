package dev.retinaface.spark.ml;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.io.ImageDetections;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.spark.CliDetectJson;
import dev.retinaface.spark.FaceSchema;
import dev.retinaface.spark.SparkTestSupport;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import py4j.reflection.ReflectionEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark ML transformer in local[2] mode. */
class FaceDetectionTransformerTest {

    private static final Path WEIGHTS = SharedData.resolve("weights/mobilenet0.25_Final.pth");

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("retinaface-transformer-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void addsTheFacesOfABinaryColumnInAPipeline(@TempDir Path dir) throws Exception {
        Path in = copyImages(dir.resolve("in"));
        FaceDetectionTransformer transformer = new FaceDetectionTransformer()
                .setWeights(WEIGHTS.toString()).setMinScore(0.6).setBatchSize(3);

        Dataset<Row> input = spark.read().format("binaryFile").load(in.toString());
        Dataset<Row> result = new Pipeline().setStages(new PipelineStage[] {transformer}).fit(input).transform(input);
        // the reference: `retinaface detect --json --min-score 0.6` on the same files (bad.jpg makes it exit 1)
        Map<String, ImageDetections> cli = CliDetectJson.detect(in, dir, 1,
                "--weights", WEIGHTS.toString(), "--min-score", "0.6");

        assertEquals(input.schema().add("faces", FaceSchema.FACES, true), result.schema());
        assertEquals(4, cli.size());
        List<Row> rows = result.collectAsList();
        assertEquals(5, rows.size());
        try (FaceModel model = FaceModel.load(ModelSource.file("mobilenet0.25", WEIGHTS), RuntimeConfig.defaults().withThreads(1))) {
            FaceDetector detector = model.detector(transformer.settings().detectorConfig());
            for (Row row : rows) {
                String path = row.getAs("path");
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (name.equals("bad.jpg")) {
                    assertTrue(row.isNullAt(row.fieldIndex("faces")));
                    continue;
                }
                List<Face> faces = FaceSchema.fromRows(row.getList(row.fieldIndex("faces")));
                assertNotNull(cli.get(name), name + " in the CLI's JSON");
                CliDetectJson.assertSameFaces(cli.get(name), faces, name);
                byte[] content = row.getAs("content");
                SparkTestSupport.assertSameFaces(detector.detect(content), faces, path);
            }
        }
    }

    @Test
    void aPipelineModelHoldingItIsSavedAndLoaded(@TempDir Path dir) throws Exception {
        Path in = copyImages(dir.resolve("in"));
        FaceDetectionTransformer transformer = new FaceDetectionTransformer().setInputCol("bytes").setOutputCol("found")
                .setWeights(WEIGHTS.toString()).setMinScore(0.7).setNms(0.3).setBatchSize(2).setThreads(1);
        Dataset<Row> input = spark.read().format("binaryFile").load(in.toString()).withColumnRenamed("content", "bytes");
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {transformer}).fit(input);
        Path saved = dir.resolve("pipeline");

        model.write().overwrite().save(saved.toString());
        PipelineModel loaded = PipelineModel.load(saved.toString());

        assertEquals(1, loaded.stages().length);
        FaceDetectionTransformer back = (FaceDetectionTransformer) loaded.stages()[0];
        assertEquals(transformer.uid(), back.uid());
        assertEquals(transformer.settings(), back.settings());
        assertEquals("bytes", back.getOrDefault(back.inputCol()));
        assertEquals("found", back.getOrDefault(back.outputCol()));
        assertEquals(faces(model.transform(input)), faces(loaded.transform(input)));
        assertEquals(5, faces(loaded.transform(input)).size());
        // the transformer alone, too
        transformer.write().overwrite().save(dir.resolve("stage").toString());
        FaceDetectionTransformer alone = FaceDetectionTransformer.load(dir.resolve("stage").toString());
        assertEquals(transformer.settings(), alone.settings());
        assertEquals(transformer.extractParamMap().toString(), alone.extractParamMap().toString());
    }

    /**
     * The JVM calls of the README's PySpark example, resolved the way PySpark resolves them: through Py4J's own
     * reflection engine (the JVM side of {@code spark._jvm...}), with the argument types Python sends (float as
     * Double, str as String). PySpark itself is not installed here; this checks the class, method and param names.
     */
    @Test
    void thePySparkExampleCallsResolveThroughPy4J(@TempDir Path dir) throws Exception {
        Path in = copyImages(dir.resolve("in"));
        ReflectionEngine py4j = new ReflectionEngine();
        String cls = "dev.retinaface.spark.ml.FaceDetectionTransformer";
        // detector = spark._jvm.dev.retinaface.spark.ml.FaceDetectionTransformer() \
        //     .setMinScore(0.6).setWeights("...")
        Object detector = py4j.getConstructor(cls, new Object[0]).invoke(null, new Object[0]);
        detector = call(py4j, detector, "setMinScore", 0.6);
        detector = call(py4j, detector, "setWeights", WEIGHTS.toString());
        // faces = DataFrame(detector.transform(images._jdf), spark)
        Dataset<Row> images = spark.read().format("binaryFile").option("pathGlobFilter", "*.jpg").load(in.toString());
        Object faces = call(py4j, detector, "transform", images);
        assertEquals(images.schema().add("faces", FaceSchema.FACES, true), ((Dataset<?>) faces).schema());
        // detector.write().overwrite().save(path); ...FaceDetectionTransformer.load(path)
        String saved = dir.resolve("stage").toString();
        call(py4j, call(py4j, call(py4j, detector, "write"), "overwrite"), "save", saved);
        Object again = py4j.getMethod(cls, "load", new Object[] {saved}).invoke(null, new Object[] {saved});
        assertEquals(0.6f, ((FaceDetectionTransformer) again).settings().minScore());
        assertEquals(((FaceDetectionTransformer) detector).settings(), ((FaceDetectionTransformer) again).settings());
    }

    private static Object call(ReflectionEngine py4j, Object target, String method, Object... args) {
        return py4j.getMethod(target, method, args).invoke(target, args);
    }

    /** path -> the faces column as text (null for unreadable images), for comparing two runs exactly. */
    private static Map<String, String> faces(Dataset<Row> result) {
        Map<String, String> byPath = new TreeMap<>();
        for (Row r : result.select("path", "found").collectAsList()) {
            byPath.put(r.getString(0), r.isNullAt(1) ? "null" : r.getList(1).toString());
        }
        return byPath;
    }

    private static Path copyImages(Path dir) throws Exception {
        Path val = SharedData.resolve("widerface/WIDER_val/images");
        Files.createDirectories(dir);
        List<Path> images;
        try (Stream<Path> files = Files.walk(val)) {
            images = files.filter(Files::isRegularFile).sorted().skip(20).limit(4).toList();
        }
        for (Path p : images) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        Files.writeString(dir.resolve("bad.jpg"), "not an image");
        return dir;
    }

    @Test
    void paramsCopyAndSchemaChecks() {
        FaceDetectionTransformer t = new FaceDetectionTransformer().setMinScore(0.7).setOutputCol("detected");
        FaceDetectionTransformer copy = t.copy(ParamMap.empty());
        assertNotSame(t, copy);
        assertEquals(t.uid(), copy.uid());
        assertEquals(0.7f, copy.settings().minScore());
        assertTrue(t.explainParams().contains("minScore: lowest face score kept"), t.explainParams());
        assertEquals(9, t.params().length);
        Dataset<Row> notBinary = spark.range(3).toDF("content");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.transform(notBinary));
        assertTrue(e.getMessage().contains("must be binary"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.setResize("wide").settings());
    }
}
