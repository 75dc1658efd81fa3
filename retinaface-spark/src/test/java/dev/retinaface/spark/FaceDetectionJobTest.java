package dev.retinaface.spark;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.LoadedImage;
import dev.retinaface.model.zoo.ModelSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch job in local[2] mode on a slice of the WIDER FACE validation images. */
class FaceDetectionJobTest {

    private static final String SCHEMA = "struct<path:string,length:bigint,modification_time:timestamp,width:int,"
            + "height:int,orientation:int,model:string,faces:array<struct<score:float,box:array<float>,"
            + "landmarks:array<array<float>>>>,error:string>";

    private static SparkSession spark;
    private static FaceModel reference;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkTestSupport.session();
        reference = FaceModel.load(ModelSource.file("mobilenet0.25", SparkTestSupport.weights()),
                RuntimeConfig.defaults().withThreads(1));
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void facesEqualTheInProcessDetectorAndBadFilesBecomeErrorRows(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        List<Path> images = SparkTestSupport.copyValImages(in, 12);
        Files.writeString(in.resolve("not-an-image.jpg"), "this is text, not a JPEG");
        // a JPEG cut after its first 200 bytes (Spark's binaryFile source lists no empty files at all)
        Files.write(in.resolve("truncated.jpg"), java.util.Arrays.copyOf(Files.readAllBytes(images.get(0)), 200));
        Path out = dir.resolve("out");

        long processed = new FaceDetectionJob(spark).run(
                JobOptions.of(List.of(in.toString()), out.toString()).withDetection(SparkTestSupport.settings()));

        assertEquals(14, processed);
        Dataset<Row> result = spark.read().parquet(out.toString());
        assertEquals(SCHEMA, result.schema().simpleString());
        Map<String, Row> rows = byFileName(result);
        assertEquals(14, rows.size());
        FaceDetector detector = reference.detector(SparkTestSupport.settings().detectorConfig());
        ImageLoader loader = new ImageLoader();
        int faces = 0;
        for (Path image : images) {
            Row row = rows.get(image.getFileName().toString());
            assertNotNull(row, image.toString());
            assertTrue(row.isNullAt(row.fieldIndex("error")), () -> image + ": " + row.getAs("error"));
            LoadedImage loaded = loader.load(image);
            assertEquals(loaded.image().getWidth(), (int) row.getAs("width"));
            assertEquals(loaded.image().getHeight(), (int) row.getAs("height"));
            assertEquals(loaded.exifOrientation(), (int) row.getAs("orientation"));
            assertEquals(Files.size(image), (long) row.getAs("length"));
            assertEquals("mobilenet0.25", row.getAs("model"));
            List<Face> actual = FaceSchema.fromRows(row.getList(row.fieldIndex("faces")));
            SparkTestSupport.assertSameFaces(detector.detect(loaded.image()), actual, image.toString());
            faces += actual.size();
        }
        assertTrue(faces > 12, "the slice has faces: " + faces);
        for (String bad : List.of("not-an-image.jpg", "truncated.jpg")) {
            Row row = rows.get(bad);
            assertFalse(row.isNullAt(row.fieldIndex("error")), bad);
            assertTrue(((String) row.getAs("error")).contains(bad), () -> row.getAs("error"));
            assertTrue(row.isNullAt(row.fieldIndex("faces")));
            assertTrue(row.isNullAt(row.fieldIndex("width")));
        }
    }

    @Test
    void aKilledRunIsResumedAndEachImageEndsUpOnce(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        List<Path> images = SparkTestSupport.copyValImages(in, 10);
        Path out = dir.resolve("out");
        JobOptions options = JobOptions.of(List.of(in.toString()), out.toString())
                .withDetection(SparkTestSupport.settings()).withChunkSize(4);

        // the driver dies after the first chunk was committed
        RuntimeException killed = assertThrows(RuntimeException.class, () -> new FaceDetectionJob(spark).run(options,
                (chunk, chunks, n) -> {
                    throw new RuntimeException("killed after chunk " + chunk + "/" + chunks);
                }));
        assertEquals("killed after chunk 1/3", killed.getMessage());
        assertEquals(4, spark.read().parquet(out.toString()).count());
        // what an aborted task leaves behind: an uncommitted part file under _temporary (readers ignore it)
        Path partial = Files.createDirectories(out.resolve("_temporary/0/_temporary/attempt_0"));
        try (Stream<Path> parts = Files.list(out)) {
            Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.copy(part, partial.resolve(part.getFileName()));
        }

        assertThrows(IllegalArgumentException.class, () -> new FaceDetectionJob(spark).run(options),
                "a rerun without --resume must not append duplicates");
        long processed = new FaceDetectionJob(spark).run(options.withResume(true));

        assertEquals(6, processed);
        Dataset<Row> result = spark.read().parquet(out.toString());
        assertEquals(10, result.count());
        assertEquals(10, result.select("path").distinct().count());
        assertEquals(images.size(), byFileName(result).size());
        assertEquals(0, new FaceDetectionJob(spark).run(options.withResume(true)), "nothing left to do");
    }

    @Test
    void jsonLinesWithCropsAndBlurredCopies(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        List<Path> images = SparkTestSupport.copyValImages(in, 3);
        Path out = dir.resolve("out");
        Path blurred = dir.resolve("blurred");

        new FaceDetectionJob(spark).run(JobOptions.of(List.of(in.toString()), out.toString())
                .withDetection(SparkTestSupport.settings()).withFormat("json").withCrops(true)
                .withBlurOutput(blurred.toString()));

        Dataset<Row> result = spark.read().schema(FaceSchema.jobSchema(true)).json(out.toString());
        Map<String, Row> rows = byFileName(result);
        assertEquals(3, rows.size());
        for (Path image : images) {
            Row row = rows.get(image.getFileName().toString());
            assertNull(row.getAs("error"));
            List<Row> faces = row.getList(row.fieldIndex("faces"));
            List<byte[]> crops = row.getList(row.fieldIndex("crops"));
            assertEquals(faces.size(), crops.size());
            BufferedImage crop = ImageIO.read(new ByteArrayInputStream(crops.get(0)));
            assertEquals(112, crop.getWidth());
            assertEquals(112, crop.getHeight());
            Path copy = blurred.resolve(in.relativize(image).toString());
            assertTrue(Files.isRegularFile(copy), copy + " written");
            BufferedImage masked = ImageIO.read(copy.toFile());
            assertEquals((int) row.getAs("width"), masked.getWidth());
        }
    }

    private static Map<String, Row> byFileName(Dataset<Row> result) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : result.collectAsList()) {
            String path = r.getAs("path");
            assertNull(rows.put(path.substring(path.lastIndexOf('/') + 1), r), "one row per image: " + path);
        }
        return rows;
    }
}
