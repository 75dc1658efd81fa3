package dev.retinaface.cli;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code retinaface train}: a tiny run whose result the other commands load, and one clear line per bad input. */
class TrainCommandTest {

    @TempDir
    Path tmp;

    /** Two real training images (their label.txt blocks) and an unreadable third, all under {@code tmp/images}. */
    private Path smallSet() throws Exception {
        Path root = SharedData.resolve("widerface/WIDER_train");
        List<String> lines = Files.readAllLines(root.resolve("label.txt"), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int images = 0;
        for (String line : lines) {
            if (line.startsWith("#") && ++images > 2) {
                break;
            }
            out.add(line);
            if (line.startsWith("#")) {
                Path rel = Path.of(line.substring(1).strip());
                Files.createDirectories(tmp.resolve("images").resolve(rel).getParent());
                Files.copy(root.resolve("images").resolve(rel), tmp.resolve("images").resolve(rel));
            }
        }
        out.add("# bad/notes.jpg");
        out.add("10 10 40 40 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0");
        Files.createDirectories(tmp.resolve("images/bad"));
        Files.writeString(tmp.resolve("images/bad/notes.jpg"), "these are not pixels\n");
        return Files.write(tmp.resolve("label.txt"), out, StandardCharsets.UTF_8);
    }

    @Test
    void tinyRunSkipsTheBadImageAndItsWeightsLoadInDetectAndExport() throws Exception {
        Path labels = smallSet();
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--labels", labels.toString(), "--images", tmp.resolve("images").toString(),
                "--out", out.toString(), "--init", "backbone:" + SharedData.resolve("weights/mobilenetV1X0.25_pretrain.tar"),
                "--epochs", "1", "--batch", "3", "--image-size", "96", "--threads", "1", "--workers", "1");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("skipping training sample (1 so far): ") && r.err().contains("notes.jpg"), r.toString());
        assertTrue(r.out().contains("epoch 1/1"), r.toString());
        // the summary counts the skipped image apart from the trained ones (worker-process loader, the default)
        assertTrue(r.out().contains(" images trained, 1 skipped (unreadable), 0 restart(s) after divergence"), r.toString());
        Path weights = out.resolve("final.pth");
        assertTrue(Files.exists(out.resolve("last.pth")) && Files.exists(out.resolve("training-log.csv")));

        Cli.Result detect = Cli.run("detect", "--weights", weights.toString(), "--no-annotate", "--json", "-",
                SharedData.resolve("images/selfie.png").toString());
        assertEquals(0, detect.exitCode(), detect.toString());
        assertTrue(detect.out().contains("\"faces\""), detect.toString());
        Path onnx = tmp.resolve("model.onnx");
        Cli.Result export = Cli.run("export-onnx", "--weights", weights.toString(), "-o", onnx.toString());
        assertEquals(0, export.exitCode(), export.toString());
        assertTrue(Files.size(onnx) > 100_000);
    }

    @Test
    void missingImageIsOneLineNamingIt() throws Exception {
        Path labels = Files.writeString(tmp.resolve("label.txt"), "# 0--Parade/nowhere.jpg\n10 10 40 40\n");
        Files.createDirectories(tmp.resolve("images"));
        Cli.Result r = train(labels, "scratch");
        assertOneLineError(r, "nowhere.jpg");
    }

    @Test
    void malformedLabelLineNamesFileAndLine() throws Exception {
        Path labels = Files.writeString(tmp.resolve("label.txt"), "# a/b.jpg\n10 10 40 40\n10 10 forty 40\n");
        Files.createDirectories(tmp.resolve("images"));
        Cli.Result r = train(labels, "scratch");
        assertOneLineError(r, "label.txt:3");
    }

    @Test
    void checkpointOfAnotherArchitectureIsRefused() throws Exception {
        Path labels = Files.writeString(tmp.resolve("label.txt"), "# a/b.jpg\n10 10 40 40\n");
        Files.createDirectories(tmp.resolve("images"));
        Path slim = SharedData.resolve("weights/face-detector-1mb/slim_Final.pth");
        Cli.Result r = train(labels, "weights:" + slim);
        assertOneLineError(r, "slim_Final.pth is a checkpoint for another architecture than");
    }

    @Test
    void initIsRequiredAndChecked() throws Exception {
        Path labels = Files.writeString(tmp.resolve("label.txt"), "# a/b.jpg\n10 10 40 40\n");
        Files.createDirectories(tmp.resolve("images"));
        assertOneLineError(train(labels, "imagenet"), "--init 'imagenet'");
        assertOneLineError(train(labels, "weights:" + tmp.resolve("none.pth")), "none.pth");
    }

    private Cli.Result train(Path labels, String init) {
        return Cli.run("train", "--labels", labels.toString(), "--images", tmp.resolve("images").toString(),
                "--out", tmp.resolve("out").toString(), "--init", init, "--threads", "1");
    }

    private static void assertOneLineError(Cli.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.toString());
        String err = r.err().strip();
        assertTrue(err.startsWith("retinaface train: ") && err.contains(expected) && !err.contains("\n"), r.toString());
    }
}
