package dev.retinaface.cli;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad inputs and options of {@code retinaface detect}: reported by name, the batch goes on, exit codes tell. */
class DetectCommandErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderWithBadFilesProcessesTheGoodOneAndReportsEachBadOne() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        BufferedImage selfie = ImageIO.read(SharedData.resolve("images/selfie.png").toFile());
        ImageIO.write(selfie.getSubimage(560, 60, 400, 300), "png", in.resolve("good.png").toFile());
        Files.write(in.resolve("empty.jpg"), new byte[0]);
        byte[] jpeg = Files.readAllBytes(SharedData.resolve("images/selfie.jpg"));
        Files.write(in.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length * 2 / 5));
        Files.writeString(in.resolve("notes.jpg"), "these are not pixels\n");
        Files.writeString(in.resolve("readme.txt"), "not an image extension: never looked at\n");
        Path list = Files.writeString(tmp.resolve("list.txt"), "# one missing image\nmissing.png\n");

        Cli.Result r = Cli.run("detect", "--weights", weights(), "--no-annotate", "--json",
                tmp.resolve("out.json").toString(), "--list", list.toString(), in.toString());

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("good.png: "), r.toString());
        for (String bad : new String[] {"missing.png", "empty.jpg", "truncated.jpg", "notes.jpg"}) {
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("retinaface detect: ") && l.contains(bad)),
                    bad + " is reported: " + r);
        }
        assertFalse(r.err().contains("readme.txt"), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("1 image(s), ") && l.contains(", 4 failed,")),
                r.toString());
        assertTrue(Files.readString(tmp.resolve("out.json")).contains("good.png"), "the good image's faces are written");
    }

    @Test
    void maxPixelsRefusesALargerImageAndNamesTheOption() throws Exception {
        Cli.Result r = Cli.run("detect", "--weights", weights(), "--no-annotate", "--max-pixels", "1000",
                SharedData.resolve("images/selfie.png").toString());

        assertEquals(1, r.exitCode(), r.toString());
        String line = r.err().lines().filter(l -> l.startsWith("retinaface detect: ")).findFirst().orElse("");
        assertTrue(line.contains("selfie.png") && line.contains("1024 x 624") && line.contains("1,000 pixels"),
                r.toString());
        assertTrue(line.contains("--max-pixels"), "tells the command-line user what to change: " + line);
        assertTrue(r.err().contains("0 image(s), 0 face(s)") && r.err().contains("1 failed"), r.toString());
    }

    @Test
    void anUnknownModelIsAUsageErrorListingTheKnownNames() {
        Cli.Result r = Cli.run("detect", "--model", "mobilenet9", "--no-annotate",
                SharedData.resolve("images/selfie.png").toString());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("unknown model 'mobilenet9'"), r.toString());
        for (String name : new String[] {"mobilenet0.25", "resnet50", "1mb-mobilenet0.25", "1mb-slim", "1mb-rfb"}) {
            assertTrue(r.err().contains(name), name + " listed: " + r);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void noInputIsAUsageError() {
        Cli.Result r = Cli.run("detect", "--no-annotate");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no input images"), r.toString());
    }

    private static String weights() {
        return SharedData.resolve("weights/mobilenet0.25_Final.pth").toString();
    }
}
