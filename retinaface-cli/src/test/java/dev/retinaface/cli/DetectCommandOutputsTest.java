package dev.retinaface.cli;

import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.io.DetectionJson;
import dev.retinaface.core.io.ImageDetections;
import dev.retinaface.core.testsupport.FaceAssertions;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@code retinaface detect} run on the selfie with reference settings, writing JSON, CSV, an annotated
 * copy and aligned crops; each test checks one of the outputs.
 */
class DetectCommandOutputsTest {

    @TempDir
    static Path tmp;

    private static Path selfie;
    private static Cli.Result result;
    private static List<Face> reference;

    @BeforeAll
    static void detectSelfie() throws IOException {
        selfie = SharedData.resolve("images/selfie.png");
        reference = FaceAssertions.referenceFaces("selfie.mobilenet0.25.json");
        result = Cli.run("detect", "--weights", SharedData.resolve("weights/mobilenet0.25_Final.pth").toString(),
                "--min-score", "0.02", "--json", tmp.resolve("faces.json").toString(),
                "--csv", tmp.resolve("faces.csv").toString(), "--annotate", tmp.resolve("annotated").toString(),
                "--align", tmp.resolve("crops").toString(), selfie.toString());
    }

    @Test
    void succeedsAndSummarises() {
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.err().contains("1 image(s), " + reference.size() + " face(s) with score >= 0.02, 0 failed"),
                result.toString());
        assertTrue(result.out().contains("selfie.png: " + reference.size() + " face(s) [1024x624]"), result.toString());
    }

    @Test
    void jsonReproducesTheReference() throws IOException {
        List<ImageDetections> images = DetectionJson.read(tmp.resolve("faces.json"));

        assertEquals(1, images.size());
        ImageDetections d = images.get(0);
        assertEquals(selfie.toString(), d.image());
        assertEquals(1024, d.width());
        assertEquals(624, d.height());
        assertEquals(150, d.faces().size());
        FaceAssertions.assertMatchesReference(reference, d.faces(), "detect --json");
    }

    @Test
    void csvHasAHeaderAndOneRowPerFace() throws IOException {
        List<String> lines = Files.readAllLines(tmp.resolve("faces.csv"));

        assertEquals(1 + reference.size(), lines.size());
        assertTrue(lines.get(0).startsWith("image,face,score,x1,y1,x2,y2,left_eye_x"), lines.get(0));
        String[] first = lines.get(1).split(",");
        assertEquals(17, first.length, lines.get(1));
        assertEquals(selfie.toString(), first[0]);
        assertEquals("0", first[1]);
        Face best = reference.get(0);
        assertEquals(best.score(), Double.parseDouble(first[2]), 1e-4);
        assertEquals(best.box().x1(), Double.parseDouble(first[3]), 0.05);
        assertEquals(best.landmarks().get(4).y(), Double.parseDouble(first[16]), 0.05);
    }

    @Test
    void annotatedCopyHasTheImageSize() throws IOException {
        BufferedImage annotated = ImageIO.read(tmp.resolve("annotated/selfie.png").toFile());

        assertNotNull(annotated, "annotated/selfie.png is a PNG");
        assertEquals(1024, annotated.getWidth());
        assertEquals(624, annotated.getHeight());
        BufferedImage original = ImageIO.read(selfie.toFile());
        assertTrue(differingPixels(original, annotated) > 1000, "boxes were drawn");
    }

    @Test
    void alignedCropsAre112SquarePngsOnePerFace() throws IOException {
        List<Path> crops;
        try (Stream<Path> files = Files.list(tmp.resolve("crops"))) {
            crops = files.sorted().toList();
        }
        assertEquals(reference.size(), crops.size());
        assertTrue(Files.exists(tmp.resolve("crops/selfie_face0.png")));
        for (Path crop : List.of(crops.get(0), crops.get(crops.size() - 1))) {
            BufferedImage image = ImageIO.read(crop.toFile());
            assertNotNull(image, crop + " is a PNG");
            assertEquals(112, image.getWidth(), crop.toString());
            assertEquals(112, image.getHeight(), crop.toString());
        }
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
