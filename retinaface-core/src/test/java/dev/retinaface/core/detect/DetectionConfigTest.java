package dev.retinaface.core.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectionConfigTest {

    @Test
    void defaultsAndCopies() {
        DetectionConfig d = DetectionConfig.defaults();
        assertEquals(new DetectionConfig(0.5f, 5000, 0.4f, 750), d);
        assertEquals(0.02f, DetectionConfig.evaluation().scoreThreshold());
        DetectionConfig c = d.withScoreThreshold(0.9f).withTopK(10).withNmsThreshold(0.3f).withKeepTopK(5);
        assertEquals(new DetectionConfig(0.9f, 10, 0.3f, 5), c);
        assertEquals(0.5f, d.scoreThreshold()); // the original is unchanged
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheSetting() {
        assertMessage("scoreThreshold must be in [0, 1), got 1.0", () -> DetectionConfig.defaults().withScoreThreshold(1f));
        assertMessage("scoreThreshold must be in [0, 1), got NaN", () -> DetectionConfig.defaults().withScoreThreshold(Float.NaN));
        assertMessage("topK must be at least 1, got 0", () -> DetectionConfig.defaults().withTopK(0));
        assertMessage("nmsThreshold must be in [0, 1], got -0.1", () -> DetectionConfig.defaults().withNmsThreshold(-0.1f));
        assertMessage("keepTopK must be at least 1, got -3", () -> DetectionConfig.defaults().withKeepTopK(-3));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
