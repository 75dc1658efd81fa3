package dev.retinaface.onnx.quant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTableTest {

    @TempDir
    Path tmp;

    private static CalibrationTable table() {
        Map<String, TensorRange> ranges = new LinkedHashMap<>();
        ranges.put("input", new TensorRange(-123f, 151f));
        ranges.put("body.stage1.0", new TensorRange(-0.1234567f, 3.4028235e38f));
        ranges.put("ssh1/concat", new TensorRange(0f, 1e-7f));
        return new CalibrationTable(Map.of("method", "minmax", "weights", "abc"), ranges);
    }

    @Test
    void textRoundTripsExactly() {
        CalibrationTable t = table();
        byte[] bytes = t.toBytes();
        CalibrationTable back = CalibrationTable.parse(bytes);
        assertEquals(t, back);
        assertArrayEquals(bytes, back.toBytes());
    }

    @Test
    void rejectsOtherFilesAndMissingTensors() {
        assertThrows(QuantizationException.class,
                () -> CalibrationTable.parse("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(QuantizationException.class, () -> CalibrationTable.parse(
                "# retinaface-java calibration table v1\nx\tnot-a-number\t1\n".getBytes(StandardCharsets.UTF_8)));
        QuantizationException e = assertThrows(QuantizationException.class, () -> table().range("nope"));
        assertTrue(e.getMessage().contains("nope"));
    }

    @Test
    void cacheKeysByDigestMethodAndImageCount() {
        CalibrationCache cache = new CalibrationCache(tmp);
        QuantizationConfig entropy = QuantizationConfig.defaults();
        QuantizationConfig minmax = entropy.withMethod(CalibrationMethod.MINMAX);
        assertTrue(cache.load("d1", entropy).isEmpty());
        cache.store("d1", entropy, table());
        assertEquals(table(), cache.load("d1", entropy).orElseThrow());
        assertTrue(cache.load("d1", minmax).isEmpty());
        assertTrue(cache.load("d2", entropy).isEmpty());
        assertTrue(cache.load("d1", entropy.withCalibrationImages(8)).isEmpty());
        // which layers stay float does not change the table
        assertEquals(table(), cache.load("d1", entropy.withFloatLayers(true, false).withFloatConvs(Set.of("x")))
                .orElseThrow());
    }
}
