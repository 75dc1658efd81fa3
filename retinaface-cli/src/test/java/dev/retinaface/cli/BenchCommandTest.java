package dev.retinaface.cli;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {

    @Test
    void smallRunWritesTheTableWithTheExportAndAColdStart(@TempDir Path dir) throws Exception {
        Path weights = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        Path export = SharedData.resolve("reference/mobilenet0.25_torch_export.onnx");
        Path image = SharedData.resolve("images/selfie.png");
        Path md = dir.resolve("bench.md");

        int code = Main.run("bench", "--weights", weights.toString(), "--yardstick", export.toString(),
                "--image", image.toString(), "--sizes", "160x120", "--threads", "1", "--runs", "2", "--warmup", "1",
                "--cold-runs", "1", "--markdown", md.toString());

        assertEquals(0, code);
        String report = Files.readString(md);
        assertTrue(report.contains("| 160x120 | 1 | 2 | "), report);
        assertTrue(report.contains("- 160x120, threads 1: ours/export "), report);
        assertTrue(report.contains("Same work: at 160x120 both graphs give 800 anchors"), report);
        assertTrue(report.matches("(?s).*Wall time: median \\d+ ms.*"), report);
        assertTrue(report.matches("(?s).*Peak memory of the child \\(VmHWM\\): \\d+ MiB.*"), report);
    }

    @Test
    void badSizesAreAUsageError() {
        assertEquals(UserErrorHandler.USER_ERROR, Main.run("bench", "--sizes", "big", "--cold-runs", "0"));
    }
}
