package dev.retinaface.cli;

import dev.retinaface.onnx.runtime.OnnxInferenceException;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export-onnx --input-size}: a static graph of the default (shipped) model. */
class ExportOnnxCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aStaticExportRunsAtItsSizeOnlyAndEqualsTheDynamicOne() throws Exception {
        Path fixed = tmp.resolve("static.onnx");
        Path dynamic = tmp.resolve("dynamic.onnx");

        Cli.Result r = Cli.run("export-onnx", "--input-size", "80x48", "-o", fixed.toString());
        Cli.Result d = Cli.run("export-onnx", "-o", dynamic.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(0, d.exitCode(), d.toString());
        assertTrue(r.err().contains("static input 80x48"), r.toString());
        float[] input = new float[3 * 48 * 80];
        for (int i = 0; i < input.length; i++) {
            input[i] = (i * 37 % 255) - 117f;
        }
        try (OnnxModelSession s = new OnnxModelSession(Files.readAllBytes(fixed), SessionConfig.defaults());
             OnnxModelSession dyn = new OnnxModelSession(Files.readAllBytes(dynamic), SessionConfig.defaults())) {
            RawOutputs a = s.run(input, 1, 48, 80);
            RawOutputs b = dyn.run(input, 1, 48, 80);
            assertEquals(2 * (6 * 10 + 3 * 5 + 2 * 3), a.anchors());
            assertArrayEquals(b.boxes()[0], a.boxes()[0], 1e-6f);
            assertArrayEquals(b.scores()[0], a.scores()[0], 1e-6f);
            assertArrayEquals(b.landmarks()[0], a.landmarks()[0], 1e-6f);
            assertThrows(OnnxInferenceException.class, () -> s.run(new float[3 * 48 * 96], 1, 48, 96));
        }
    }

    @Test
    void aMalformedInputSizeIsAUsageError() {
        Cli.Result r = Cli.run("export-onnx", "--input-size", "640", "-o", tmp.resolve("x.onnx").toString());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("WIDTHxHEIGHT"), r.toString());
        assertTrue(Files.notExists(tmp.resolve("x.onnx")));
    }
}
