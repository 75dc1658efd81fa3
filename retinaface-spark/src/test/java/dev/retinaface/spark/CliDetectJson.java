package dev.retinaface.spark;

import dev.retinaface.cli.Main;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.core.io.DetectionJson;
import dev.retinaface.core.io.ImageDetections;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The reference of the Spark tests: what the real command line, {@code retinaface detect --json FILE --no-annotate -q
 * [OPTIONS] INPUT}, writes for the same images. It runs the CLI's own entry point ({@link Main#run}, the picocli
 * command tree {@code retinaface} runs) in this JVM and reads the JSON file back.
 *
 * <p>{@code detect --json} writes coordinates with three decimals (a thousandth of a pixel) and scores with six, so
 * Spark's unrounded value is compared with the JSON's within {@link SparkTestSupport#TOLERANCE} (1e-4) plus that
 * rounding (half the last digit written). The unrounded values themselves are compared to 1e-4 against the detector
 * {@code detect} builds from the same options ({@link SparkTestSupport#assertSameFaces}).
 */
public final class CliDetectJson {

    /** Half of the last digit {@code detect --json} writes for a coordinate. */
    static final double COORDINATE_ROUNDING = 0.0005;
    /** Half of the last digit {@code detect --json} writes for a score. */
    static final double SCORE_ROUNDING = 0.0000005;

    private CliDetectJson() {
    }

    /**
     * Runs {@code retinaface detect --json} on {@code input} with the given extra options and returns its detections
     * by file name.
     *
     * @param expectedExitCode 0 when every file is an image, 1 when some are not
     */
    public static Map<String, ImageDetections> detect(Path input, Path workDir, int expectedExitCode,
                                                      String... options) throws IOException {
        Path json = Files.createTempFile(workDir, "detect", ".json");
        List<String> args = new ArrayList<>(List.of("detect", "--json", json.toString(), "--no-annotate", "-q"));
        args.addAll(List.of(options));
        args.add(input.toString());
        assertEquals(expectedExitCode, Main.run(args.toArray(String[]::new)), "exit code of retinaface " + args);
        Map<String, ImageDetections> byName = new HashMap<>();
        for (ImageDetections d : DetectionJson.read(json)) {
            assertNull(byName.put(Path.of(d.image()).getFileName().toString(), d), "one entry per image: " + d.image());
        }
        return byName;
    }

    /** Asserts that {@code actual} (Spark's faces) are the CLI's faces, in the same order, within the JSON's precision. */
    public static void assertSameFaces(ImageDetections cli, List<Face> actual, String image) {
        List<Face> expected = cli.faces();
        assertEquals(expected.size(), actual.size(), image + ": number of faces (CLI vs Spark)");
        double coordinate = SparkTestSupport.TOLERANCE + COORDINATE_ROUNDING;
        double score = SparkTestSupport.TOLERANCE + SCORE_ROUNDING;
        for (int i = 0; i < expected.size(); i++) {
            Face e = expected.get(i);
            Face a = actual.get(i);
            String at = image + " face " + i + " (CLI vs Spark)";
            assertEquals(e.score(), a.score(), score, at + " score");
            assertEquals(e.box().x1(), a.box().x1(), coordinate, at + " x1");
            assertEquals(e.box().y1(), a.box().y1(), coordinate, at + " y1");
            assertEquals(e.box().x2(), a.box().x2(), coordinate, at + " x2");
            assertEquals(e.box().y2(), a.box().y2(), coordinate, at + " y2");
            assertEquals(e.landmarks().size(), a.landmarks().size(), at + " landmarks");
            for (int k = 0; k < e.landmarks().size(); k++) {
                Point pe = e.landmarks().get(k);
                Point pa = a.landmarks().get(k);
                assertEquals(pe.x(), pa.x(), coordinate, at + " landmark x" + k);
                assertEquals(pe.y(), pa.y(), coordinate, at + " landmark y" + k);
            }
        }
    }
}
