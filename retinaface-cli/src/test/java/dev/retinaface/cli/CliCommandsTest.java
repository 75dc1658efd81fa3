package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code models}, {@code export-onnx} and help texts. */
class CliCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void modelsListsTheNamedModels() {
        Cli.Result r = Cli.run("models");

        assertEquals(0, r.exitCode(), r.toString());
        List<String> names = r.out().lines().skip(1).takeWhile(l -> !l.isBlank())
                .map(l -> l.split("\\s+")[0]).toList();
        assertEquals(List.of("mobilenet0.25", "resnet50", "1mb-mobilenet0.25", "1mb-slim", "1mb-rfb", "paper-mobilenet0.25"),
                names);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("paper-mobilenet0.25") && l.contains(" train ")), r.toString());
        assertTrue(r.out().contains("cache: "), r.toString());
    }

    @Test
    void exportedGraphLoadsInOnnxRuntimeAndGivesTheDetectorsRawOutputs() throws Exception {
        Path weights = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        Path onnx = tmp.resolve("out/mnet.onnx");

        Cli.Result r = Cli.run("export-onnx", "--weights", weights.toString(), "-o", onnx.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("wrote " + onnx), r.toString());
        int h = 96;
        int w = 128;
        float[] input = new float[3 * h * w];
        Random random = new Random(5);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() * 255 - 117;
        }
        RawOutputs exported;
        try (OnnxModelSession session = new OnnxModelSession(Files.readAllBytes(onnx), SessionConfig.defaults())) {
            exported = session.run(input, 1, h, w);
        }
        RawOutputs direct;
        try (FaceModel model = FaceModel.load(ModelSource.file("mobilenet0.25", weights))) {
            direct = model.runNetwork(input, 1, h, w);
        }
        // (96/8 * 128/8 + 96/16 * 128/16 + 96/32 * 128/32) cells, 2 anchors each
        assertEquals(2 * (12 * 16 + 6 * 8 + 3 * 4), exported.anchors());
        // the model's own session graph pads the stem to the CPU's conv block (the exported file does not):
        // same arithmetic, other summation order, so equal up to float rounding
        assertArrayEquals(direct.boxes()[0], exported.boxes()[0], 1e-5f);
        assertArrayEquals(direct.scores()[0], exported.scores()[0], 1e-5f);
        assertArrayEquals(direct.landmarks()[0], exported.landmarks()[0], 1e-5f);
    }

    @Test
    void exportOnnxWithWeightsOfAnotherModelSuggestsIt() {
        Cli.Result r = Cli.run("export-onnx", "--weights",
                SharedData.resolve("weights/face-detector-1mb/slim_Final.pth").toString(),
                "-o", tmp.resolve("x.onnx").toString());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--model 1mb-slim"), r.toString());
        assertTrue(Files.notExists(tmp.resolve("x.onnx")));
    }

    @Test
    void detectHelpShowsExamplesAndExitStatus() {
        Cli.Result r = Cli.run("detect", "--help");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Usage: retinaface detect"), r.toString());
        assertTrue(r.out().contains("Examples:"), r.toString());
        assertTrue(r.out().contains("retinaface detect --min-score 0.02 --json out.json"), r.toString());
        assertTrue(r.out().contains("--max-pixels"), r.toString());
        assertTrue(r.out().contains("Exit status:"), r.toString());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli.Result r = Cli.run("detect", "--min-scor", "0.3", "x.jpg");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--min-scor"), r.toString());
    }
}
