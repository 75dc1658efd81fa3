package dev.retinaface.cli;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.onnx.quant.FolderCalibrationImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** bench --folder, --precision fp32,int8 and --peers on tiny inputs: the reports have their rows. */
class BenchModesTest {

    @Test
    void folderThroughputCountsImagesAndFailuresPerSplit(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images/sub"));
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = img.createGraphics();
            g.setColor(new Color(40 * i, 90, 160));
            g.fillRect(0, 0, 96, 64);
            g.dispose();
            ImageIO.write(img, "png", images.resolve("img" + i + ".png").toFile());
        }
        Files.write(images.resolve("broken.jpg"), new byte[] {1, 2, 3});
        Path md = dir.resolve("folder.md");

        int code = Main.run("bench", "--folder", dir.resolve("images").toString(), "--threads", "1,2",
                "--rounds", "1", "--markdown", md.toString());

        assertEquals(0, code);
        String report = Files.readString(md);
        assertTrue(report.contains("| fp32 | 1 | decode in worker, 1 worker(s) x 1 ORT thread(s) |"), report);
        assertTrue(report.contains("| fp32 | 2 | 1 decoder(s), 1 worker(s) x 1 ORT thread(s) |"), report);
        assertTrue(report.contains("| fp32 | 2 | decode in worker, 1 worker(s) x 2 ORT thread(s) |"), report);
        assertTrue(report.matches("(?s).*\\| \\d+ \\| 1 \\|\\n.*"), "the broken file is counted as failed: " + report);
        assertTrue(report.contains("- fp32: 2 threads / 1 thread"), report);
    }

    @Test
    void int8RunsInTheSameRotation(@TempDir Path dir) throws Exception {
        Path train = SharedData.resolve("widerface/WIDER_train/images");
        assumeTrue(Files.isDirectory(train), "int8 calibration images (shared WIDER_train) not found");
        Path md = dir.resolve("bench.md");

        // the default calibration folder is relative to the working directory: name it, in case no table is cached
        System.setProperty(FolderCalibrationImages.FOLDER_PROPERTY, train.toString());
        int code;
        try {
            code = Main.run("bench", "--precision", "fp32,int8", "--sizes", "160x120", "--threads", "1",
                    "--runs", "2", "--warmup", "1", "--no-yardstick", "--cold-runs", "0", "--markdown", md.toString());
        } finally {
            System.clearProperty(FolderCalibrationImages.FOLDER_PROPERTY);
        }

        assertEquals(0, code);
        String report = Files.readString(md);
        assertTrue(report.contains("Int8 graph (QDQ), in the same rotation"), report);
        assertTrue(report.matches("(?s).*\\n\\| 160x120 \\| 1 \\| [0-9.]+ \\([^)]*\\) \\| [0-9.]+ \\([^)]*\\) \\| "
                + "[0-9.]+x.*"), report);
    }

    @Test
    void peersWithoutFetchedFilesSaySoAndStillTimeRetinaFace(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("peers.md");

        int code = Main.run("bench", "--peers", "--no-ap", "--precision", "fp32", "--runs", "2", "--warmup", "1",
                "--peers-dir", dir.resolve("nothing-here").toString(), "--markdown", md.toString());

        assertEquals(0, code);
        String report = Files.readString(md);
        assertTrue(report.contains("| RetinaFace mobilenet0.25 fp32 | original size | "), report);
        assertTrue(report.contains("BlazeFace 128 skipped"), report);
        assertTrue(report.contains("BlazeFace 256 skipped"), report);
        assertTrue(report.contains("Haar cascade skipped"), report);
    }

    @Test
    void badFolderOptionsAreUsageErrors(@TempDir Path dir) {
        assertEquals(UserErrorHandler.USER_ERROR, Main.run("bench", "--folder", dir.resolve("missing").toString()));
        assertEquals(UserErrorHandler.USER_ERROR, Main.run("bench", "--folder", dir.toString(), "--rounds", "0"));
    }
}
