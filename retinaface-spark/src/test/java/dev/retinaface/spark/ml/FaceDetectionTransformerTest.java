package dev.retinaface.spark.ml;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.spark.FaceSchema;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark ML transformer in local[2] mode. */
class FaceDetectionTransformerTest {

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
        Path weights = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        Path val = SharedData.resolve("widerface/WIDER_val/images");
        List<Path> images;
        try (Stream<Path> files = Files.walk(val)) {
            images = files.filter(Files::isRegularFile).sorted().skip(20).limit(4).toList();
        }
        for (Path p : images) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        Files.writeString(dir.resolve("bad.jpg"), "not an image");
        FaceDetectionTransformer transformer = new FaceDetectionTransformer()
                .setWeights(weights.toString()).setMinScore(0.6).setBatchSize(3);

        Dataset<Row> input = spark.read().format("binaryFile").load(dir.toString());
        Dataset<Row> result = new Pipeline().setStages(new PipelineStage[] {transformer}).fit(input).transform(input);

        assertEquals(input.schema().add("faces", FaceSchema.FACES, true), result.schema());
        try (FaceModel model = FaceModel.load(ModelSource.file("mobilenet0.25", weights), RuntimeConfig.defaults().withThreads(1))) {
            FaceDetector detector = model.detector(transformer.settings().detectorConfig());
            for (Row row : result.collectAsList()) {
                String path = row.getAs("path");
                if (path.endsWith("bad.jpg")) {
                    assertTrue(row.isNullAt(row.fieldIndex("faces")));
                    continue;
                }
                byte[] content = row.getAs("content");
                dev.retinaface.spark.SparkTestSupport.assertSameFaces(detector.detect(content),
                        FaceSchema.fromRows(row.getList(row.fieldIndex("faces"))), path);
            }
        }
        assertEquals(5, result.count());
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
