package dev.retinaface.cli;

import dev.retinaface.core.testsupport.SharedData;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code detect --annotate DIR --align DIR} on a folder mirrors the folder: no output overwrites another. */
class DetectOutputTreeTest {

    @TempDir
    Path tmp;

    @Test
    void annotatedCopiesMirrorTheInputTree() throws IOException {
        Path photos = tmp.resolve("photos");
        writeImage(photos.resolve("a/1.jpg"), 64, 48);
        writeImage(photos.resolve("b/1.jpg"), 80, 40);
        Path annotated = tmp.resolve("annotated");

        Cli.Result r = Cli.run("detect", "-q", "--annotate", annotated.toString(), photos.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("a/1.png", "b/1.png"), filesUnder(annotated));
        assertEquals(64, ImageIO.read(annotated.resolve("a/1.png").toFile()).getWidth());
        assertEquals(80, ImageIO.read(annotated.resolve("b/1.png").toFile()).getWidth());
    }

    @Test
    void alignedCropsMirrorTheInputTree() throws IOException {
        Path selfie = SharedData.resolve("images/selfie.jpg");
        Path photos = tmp.resolve("photos");
        for (String sub : new String[] {"a", "b"}) {
            Files.createDirectories(photos.resolve(sub));
            Files.copy(selfie, photos.resolve(sub + "/1.jpg"));
        }
        Path crops = tmp.resolve("crops");

        Cli.Result r = Cli.run("detect", "-q", "--no-annotate", "--align", crops.toString(), photos.toString());

        assertEquals(0, r.exitCode(), r.toString());
        List<String> files = filesUnder(crops);
        long inA = files.stream().filter(f -> f.startsWith("a/1_face")).count();
        long inB = files.stream().filter(f -> f.startsWith("b/1_face")).count();
        assertTrue(inA > 0 && inA == inB && inA + inB == files.size(), files.toString());
    }

    private static void writeImage(Path file, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 4 << 16) | (y * 5 << 8) | 90);
            }
        }
        ImageIO.write(image, "jpg", file.toFile());
    }

    private static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
