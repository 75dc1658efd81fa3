package dev.retinaface.spark;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.io.ImageDetections;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void everyRowEqualsTheCliDetectJsonAndBadFilesBecomeErrorRows(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        List<Path> images = SparkTestSupport.copyValImages(in, 12);
        Files.writeString(in.resolve("not-an-image.jpg"), "this is text, not a JPEG");
        // a JPEG cut after its first 200 bytes (Spark's binaryFile source lists no empty files at all)
        Files.write(in.resolve("truncated.jpg"), java.util.Arrays.copyOf(Files.readAllBytes(images.get(0)), 200));
        Path out = dir.resolve("out");

        long processed = new FaceDetectionJob(spark).run(
                JobOptions.of(List.of(in.toString()), out.toString()).withDetection(SparkTestSupport.settings()));
        // the reference: `retinaface detect --json` on the same folder (exit code 1: two files are not images)
        Map<String, ImageDetections> cli = CliDetectJson.detect(in, dir, 1,
                "--model", "mobilenet0.25", "--weights", SparkTestSupport.weights().toString());

        assertEquals(14, processed);
        assertEquals(12, cli.size(), "the CLI read the 12 images: " + cli.keySet());
        Dataset<Row> result = spark.read().parquet(out.toString());
        assertEquals(SCHEMA, result.schema().simpleString());
        Map<String, Row> rows = byFileName(result);
        assertEquals(14, rows.size());
        Map<String, Path> inputs = byFileName(in);
        FaceDetector detector = reference.detector(SparkTestSupport.settings().detectorConfig());
        ImageLoader loader = new ImageLoader();
        int faces = 0;
        int errors = 0;
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            String name = e.getKey();
            Row row = e.getValue();
            Path file = inputs.get(name);
            assertNotNull(file, "a row for an input file: " + name);
            assertEquals(Files.size(file), (long) row.getAs("length"), name);
            assertEquals("mobilenet0.25", row.getAs("model"));
            if (!row.isNullAt(row.fieldIndex("error"))) {
                errors++;
                assertFalse(cli.containsKey(name), name + " is an error row but the CLI read it");
                assertTrue(((String) row.getAs("error")).contains(name), () -> row.getAs("error"));
                assertTrue(row.isNullAt(row.fieldIndex("faces")));
                assertTrue(row.isNullAt(row.fieldIndex("width")));
                continue;
            }
            ImageDetections expected = cli.get(name);
            assertNotNull(expected, name + " has faces in Spark but is missing from the CLI's JSON");
            assertEquals(expected.width(), (int) row.getAs("width"), name);
            assertEquals(expected.height(), (int) row.getAs("height"), name);
            assertEquals(expected.orientation(), (int) row.getAs("orientation"), name);
            List<Face> actual = FaceSchema.fromRows(row.getList(row.fieldIndex("faces")));
            CliDetectJson.assertSameFaces(expected, actual, name);
            // and unrounded, against the detector `detect` builds from the same options
            SparkTestSupport.assertSameFaces(detector.detect(loader.load(file).image()), actual, name);
            faces += actual.size();
        }
        assertTrue(faces > 12, "the slice has faces: " + faces);
        assertEquals(2, errors, "error rows");
        for (String bad : List.of("not-an-image.jpg", "truncated.jpg")) {
            assertFalse(rows.get(bad).isNullAt(rows.get(bad).fieldIndex("error")), bad + " is an error row");
        }
    }

    private static Map<String, Path> byFileName(Path folder) throws IOException {
        Map<String, Path> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(f -> assertNull(files.put(f.getFileName().toString(), f)));
        }
        return files;
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
        // the first chunk: the first four images in path order, committed as whole files
        Map<Path, byte[]> firstRun = committedParts(out);
        assertFalse(firstRun.isEmpty());
        Set<String> firstChunk = images.stream().limit(4).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertEquals(firstChunk, byFileName(spark.read().parquet(out.toString())).keySet());
        // what an aborted task leaves behind: an uncommitted part file under _temporary (readers ignore it)
        Path partial = Files.createDirectories(out.resolve("_temporary/0/_temporary/attempt_0"));
        Path aPart = firstRun.keySet().iterator().next();
        Files.copy(aPart, partial.resolve(aPart.getFileName()));

        assertThrows(IllegalArgumentException.class, () -> new FaceDetectionJob(spark).run(options),
                "a rerun without --resume must not append duplicates");
        assertEquals(firstRun.keySet(), committedParts(out).keySet(), "a refused rerun writes nothing");
        long processed = new FaceDetectionJob(spark).run(options.withResume(true));

        // only the rest was processed: the first run's files are untouched, the new files hold exactly the other six
        assertEquals(6, processed);
        Map<Path, byte[]> afterResume = committedParts(out);
        for (Map.Entry<Path, byte[]> part : firstRun.entrySet()) {
            assertArrayEquals(part.getValue(), afterResume.get(part.getKey()), part.getKey() + " kept as it was");
        }
        List<String> newParts = afterResume.keySet().stream().filter(p -> !firstRun.containsKey(p))
                .map(Path::toString).toList();
        assertFalse(newParts.isEmpty());
        Set<String> rest = images.stream().skip(4).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        Dataset<Row> resumed = spark.read().parquet(newParts.toArray(String[]::new));
        assertEquals(6, resumed.count());
        assertEquals(rest, byFileName(resumed).keySet());
        // the final dataset: each image exactly once
        Dataset<Row> result = spark.read().parquet(out.toString());
        assertEquals(10, result.count());
        assertEquals(10, result.select("path").distinct().count());
        assertEquals(images.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                byFileName(result).keySet());
        assertEquals(0, new FaceDetectionJob(spark).run(options.withResume(true)), "nothing left to do");
        assertEquals(afterResume.keySet(), committedParts(out).keySet(), "a rerun with nothing to do writes nothing");
    }

    /** The committed Parquet part files of an output folder (not under _temporary) and their bytes. */
    private static Map<Path, byte[]> committedParts(Path out) throws IOException {
        Map<Path, byte[]> parts = new HashMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                parts.put(p, Files.readAllBytes(p));
            }
        }
        return parts;
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
