package dev.retinaface.cli;

import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.checkpoint.TensorDigest;
import dev.retinaface.model.zoo.LoadedWeights;
import dev.retinaface.model.zoo.ModelZoo;
import dev.retinaface.onnx.quant.CalibrationCache;
import dev.retinaface.onnx.quant.QuantizationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Int8FirstUseTest {

    @TempDir
    Path dir;

    private final LoadedWeights weights = new LoadedWeights(ModelZoo.get(ModelZoo.DEFAULT_MODEL),
            Map.of("w", new Tensor(new long[] {2}, new float[] {1, 2})), "test");

    private String notice(CalibrationCache cache, QuantizationConfig config) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Int8FirstUse.noticeIfNotCached(weights, config, cache, Optional.of(dir.resolve("train")),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void saysWhatTheFirstBuildWillDoUntilBothFilesAreCached() throws Exception {
        CalibrationCache cache = new CalibrationCache(dir);
        QuantizationConfig config = QuantizationConfig.defaults();
        String digest = TensorDigest.of(weights.weights());

        String both = notice(cache, config);
        assertTrue(both.startsWith("retinaface: first int8 use"), both);
        assertTrue(both.contains("calibrating activation ranges and measuring bias corrections on 64"), both);
        assertTrue(both.contains("64 training images of " + dir.resolve("train")), both);
        assertTrue(both.contains("cached in " + dir), both);
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        Int8FirstUse.noticeIfNotCached(weights, config, cache, Optional.empty(), new PrintStream(none, true,
                StandardCharsets.UTF_8));
        assertEquals("", none.toString(StandardCharsets.UTF_8), "no folder: the build's own error says what to set");

        Files.writeString(cache.fileOf(digest, config), "table");
        String bias = notice(cache, config);
        assertTrue(bias.contains(": measuring bias corrections on"), bias);
        assertEquals("", notice(cache, config.withBiasCorrection(false)));

        Files.writeString(cache.biasFileOf(digest, config), "bias");
        assertEquals("", notice(cache, config));
        assertTrue(notice(cache, config.withCalibrationImages(32)).contains("calibrating activation ranges and"));
    }
}
