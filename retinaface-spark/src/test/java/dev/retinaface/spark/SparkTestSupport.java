package dev.retinaface.spark;

import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.testsupport.SharedData;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A local[2] session, a slice of the WIDER FACE validation images and face comparison for the Spark tests. */
public final class SparkTestSupport {

    static final double TOLERANCE = 1e-4;

    private SparkTestSupport() {
    }

    static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("retinaface-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    static Path weights() {
        return SharedData.resolve("weights/mobilenet0.25_Final.pth");
    }

    static DetectionSettings settings() {
        return DetectionSettings.defaults().withModel("mobilenet0.25", weights().toString());
    }

    /** Copies the first {@code n} validation images (sorted by path) into {@code dir}, keeping their folders. */
    static List<Path> copyValImages(Path dir, int n) throws IOException {
        Path val = SharedData.resolve("widerface/WIDER_val/images");
        List<Path> picked;
        try (Stream<Path> files = Files.walk(val)) {
            picked = files.filter(Files::isRegularFile).sorted().limit(n).toList();
        }
        for (Path p : picked) {
            Path target = dir.resolve(val.relativize(p).toString());
            Files.createDirectories(target.getParent());
            Files.copy(p, target);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    public static void assertSameFaces(List<Face> expected, List<Face> actual, String image) {
        assertEquals(expected.size(), actual.size(), image + ": number of faces");
        for (int i = 0; i < expected.size(); i++) {
            Face e = expected.get(i);
            Face a = actual.get(i);
            String at = image + " face " + i;
            assertEquals(e.score(), a.score(), TOLERANCE, at + " score");
            assertEquals(e.box().x1(), a.box().x1(), TOLERANCE, at + " x1");
            assertEquals(e.box().y1(), a.box().y1(), TOLERANCE, at + " y1");
            assertEquals(e.box().x2(), a.box().x2(), TOLERANCE, at + " x2");
            assertEquals(e.box().y2(), a.box().y2(), TOLERANCE, at + " y2");
            assertEquals(e.landmarks().size(), a.landmarks().size(), at + " landmarks");
            for (int k = 0; k < e.landmarks().size(); k++) {
                assertEquals(e.landmarks().get(k).x(), a.landmarks().get(k).x(), TOLERANCE, at + " landmark x" + k);
                assertEquals(e.landmarks().get(k).y(), a.landmarks().get(k).y(), TOLERANCE, at + " landmark y" + k);
            }
        }
    }
}
