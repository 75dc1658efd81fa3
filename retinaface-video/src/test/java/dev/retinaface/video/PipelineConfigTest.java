package dev.retinaface.video;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PipelineConfigTest {

    @Test
    void betweenDetectionsDefaultsToRegionsAndParsesBothNames() {
        assertEquals(BetweenDetections.ROI, PipelineConfig.defaults().between());
        assertEquals(0.3, PipelineConfig.defaults().roiBudget());
        assertEquals(BetweenDetections.MOTION, BetweenDetections.parse(" Motion "));
        assertEquals(BetweenDetections.ROI, BetweenDetections.parse("roi"));
        assertEquals("motion", BetweenDetections.MOTION.optionValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BetweenDetections.parse("crops"));
        assertEquals("--between must be roi or motion, got 'crops'", e.getMessage());
    }

    @Test
    void withersKeepTheOtherSettings() {
        PipelineConfig c = PipelineConfig.defaults().withBetween(BetweenDetections.MOTION).withRoiBudget(0.5)
                .withDetectEvery(3).withWorkers(2).withSceneCut(0).withCameraMotion(false);
        assertEquals(BetweenDetections.MOTION, c.between());
        assertEquals(0.5, c.roiBudget());
        assertEquals(3, c.detectEvery());
        assertEquals(2, c.workers());
    }

    @Test
    void aBudgetOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.defaults().withRoiBudget(0));
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.defaults().withRoiBudget(1.01));
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.defaults().withRoiBudget(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.defaults().withSceneCut(-1));
        assertEquals(1.0, PipelineConfig.defaults().withRoiBudget(1).roiBudget());
    }
}
