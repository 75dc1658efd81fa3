package dev.retinaface.eval.run;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.testsupport.FunctionDetector;
import dev.retinaface.eval.widerface.WiderImageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The folder scan and the parallel prediction writer, with a stand-in detector. */
class PredictionRunTest {

    @TempDir
    Path tmp;

    /** A face as wide as the image, scored by its height, so each file's content is known. */
    private static final FunctionDetector FAKE = FunctionDetector.of(image -> List.of(
            new Face(new Box(1.7f, 2.2f, image.getWidth() - 0.5f, 9.9f), image.getHeight() / 100f, List.of()),
            new Face(new Box(0, 0, 4, 4), 0.01f, List.of())));

    @Test
    void scansEventFoldersAndWritesOneFilePerImage() throws IOException {
        Path images = tmp.resolve("images");
        jpeg(images.resolve("1--Handshaking/b.jpg"), 40, 30);
        jpeg(images.resolve("0--Parade/a.jpg"), 20, 50);
        jpeg(images.resolve("0--Parade/deeper/c.jpg"), 20, 50);
        Files.writeString(images.resolve("0--Parade/notes.txt"), "not an image");
        jpeg(images.resolve("top.jpg"), 10, 10);

        List<WiderImage> found = WiderImageFolder.scan(images);
        assertEquals(List.of(new WiderImageId("0--Parade", "a"), new WiderImageId("1--Handshaking", "b")),
                found.stream().map(WiderImage::id).toList());

        Path out = tmp.resolve("pred");
        List<Integer> calls = new ArrayList<>();
        PredictionRun.Summary summary = new PredictionRun(new ImageLoader(), 0.02)
                .run(found, out, List.of(FAKE, FAKE), () -> {
                    synchronized (calls) {
                        calls.add(1);
                    }
                });

        assertEquals(2, summary.images());
        assertEquals(2, summary.faces(), "the 0.01 face is below the threshold");
        assertEquals(2, calls.size());
        assertEquals(List.of("a", "1", "1 2 18 7 0.5 "), Files.readAllLines(out.resolve("0--Parade/a.txt")));
        assertEquals(List.of("b", "1", "1 2 38 7 0.3 "), Files.readAllLines(out.resolve("1--Handshaking/b.txt")));
    }

    @Test
    void anUnreadableImageStopsTheRunNamingIt() throws IOException {
        Path images = tmp.resolve("images");
        jpeg(images.resolve("0--Parade/a.jpg"), 20, 50);
        Path broken = images.resolve("0--Parade/b.jpg");
        Files.writeString(broken, "not a jpeg");

        List<WiderImage> found = WiderImageFolder.scan(images);
        IOException e = assertThrows(IOException.class, () -> new PredictionRun(new ImageLoader(), 0.02)
                .run(found, tmp.resolve("pred"), List.of(FAKE), () -> { }));
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
    }

    @Test
    void aFolderWithoutEventFoldersIsRefused() throws IOException {
        jpeg(tmp.resolve("flat/a.jpg"), 10, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WiderImageFolder.scan(tmp.resolve("flat")));
        assertTrue(e.getMessage().startsWith("no images <event>/<name>.jpg under"), e.getMessage());
    }

    private static void jpeg(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "jpg", file.toFile());
    }
}
