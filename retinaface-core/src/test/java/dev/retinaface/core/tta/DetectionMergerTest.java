package dev.retinaface.core.tta;

import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectionMergerTest {

    private static Face face(float x1, float score) {
        return new Face(new Box(x1, 0, x1 + 20, 20), score, List.of());
    }

    @Test
    void nmsMergeKeepsTheBestOfOverlappingRunsInScoreOrder() {
        List<Face> plain = List.of(face(0, 0.7f), face(100, 0.95f));
        List<Face> mirrored = List.of(face(1, 0.9f), face(200, 0.4f));
        List<Face> merged = new DetectionMerger(MergeMode.NMS, 0.4f, 750).merge(List.of(plain, mirrored));
        assertEquals(List.of(face(100, 0.95f), face(1, 0.9f), face(200, 0.4f)), merged);
        assertEquals(2, new DetectionMerger(MergeMode.NMS, 0.4f, 2).merge(List.of(plain, mirrored)).size());
    }

    @Test
    void votingMergeAveragesAcrossRuns() {
        List<Face> merged = DetectionMerger.of(TtaConfig.paper())
                .merge(List.of(List.of(face(0, 0.5f)), List.of(face(2, 0.5f))));
        assertEquals(1, merged.size());
        assertEquals(1f, merged.get(0).box().x1(), 1e-6f);
    }

    @Test
    void presets() {
        TtaConfig paper = TtaConfig.preset("Paper");
        assertEquals(6, paper.scales().size());
        assertEquals(new ResizePolicy.Original(), paper.scales().get(0));
        assertEquals(new ResizePolicy.ShortSide(1700, 2150), paper.scales().get(5));
        assertTrue(paper.flip());
        assertEquals(MergeMode.BOX_VOTING, paper.mergeMode());
        assertEquals(12, paper.runs());
        assertEquals(1, TtaConfig.preset("none").runs());
        assertEquals(2, TtaConfig.preset("flip").runs());
        assertEquals(6, TtaConfig.preset("pyramid").runs());
        assertEquals(MergeMode.NMS, TtaConfig.preset("paper-nms").mergeMode());
        assertEquals(12, TtaConfig.preset("paper-nms").runs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TtaConfig.preset("mosaic"));
        assertTrue(e.getMessage().contains("'mosaic'") && e.getMessage().contains("none, flip, pyramid, paper"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TtaConfig.none().withScales(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TtaConfig(List.of(new ResizePolicy.Original()), false, MergeMode.NMS, 0f));
    }
}
