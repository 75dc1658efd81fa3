package dev.retinaface.core.boxes;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NmsTest {

    private final Nms nms = new Nms(0.4f);

    @Test
    void overlapExactlyAtTheThresholdSurvives() {
        // (0,0,9,3) lies inside (0,0,9,9): +1 areas 40 and 100, IoU = 40 / 100 = 0.4f exactly
        assertEquals(0.4f, Iou.inclusive(0, 0, 9, 9, 0, 0, 9, 3));
        assertArrayEquals(new int[] {0, 1}, nms.keep(new float[] {0, 0, 9, 9, 0, 0, 9, 3}, new float[] {0.9f, 0.8f}));
        // one row more: IoU 0.5, dropped
        assertArrayEquals(new int[] {0}, nms.keep(new float[] {0, 0, 9, 9, 0, 0, 9, 4}, new float[] {0.9f, 0.8f}));
    }

    @Test
    void usesThePlusOnePixelConvention() {
        // (0,0,9,9) and (5,0,14,9): continuous IoU 36/126 = 0.286, +1 IoU 50/150 = 0.333
        assertEquals(36f / 126f, Iou.continuous(0, 0, 9, 9, 5, 0, 14, 9), 1e-6f);
        assertEquals(1f / 3f, Iou.inclusive(0, 0, 9, 9, 5, 0, 14, 9), 1e-6f);
        float[] boxes = {0, 0, 9, 9, 5, 0, 14, 9};
        assertArrayEquals(new int[] {0}, new Nms(0.3f).keep(boxes, new float[] {0.9f, 0.8f}));
        // boxes sharing only the pixel column x = 9 still overlap by 10 pixels under +1
        assertEquals(10f / 190f, Iou.inclusive(0, 0, 9, 9, 9, 0, 18, 9), 1e-7f);
        assertEquals(0f, Iou.inclusive(0, 0, 9, 9, 10, 0, 19, 9));
    }

    @Test
    void keepsInDescendingScoreOrderAndSuppressesOnlyByKeptBoxes() {
        float[] boxes = {
                0, 0, 10, 10,     // 0: suppressed by 1
                1, 0, 11, 10,     // 1: best of the cluster
                50, 50, 60, 60,   // 2: alone
                6, 0, 16, 10,     // 3: +1 IoU with 1 is 66/176 = 0.375: kept
        };
        float[] scores = {0.8f, 0.95f, 0.3f, 0.7f};
        assertArrayEquals(new int[] {1, 3, 2}, nms.keep(boxes, scores));
    }

    @Test
    void equalScoresKeepTheLaterIndexFirstLikeAReversedStableArgsort() {
        float[] apart = {0, 0, 5, 5, 20, 0, 25, 5, 40, 0, 45, 5};
        assertArrayEquals(new int[] {2, 1, 0}, nms.keep(apart, new float[] {0.5f, 0.5f, 0.5f}));
        float[] same = {0, 0, 5, 5, 0, 0, 5, 5};
        assertArrayEquals(new int[] {1}, nms.keep(same, new float[] {0.5f, 0.5f}));
        assertArrayEquals(new int[] {3, 1, 2, 0}, ScoreOrder.descending(new float[] {0.1f, 0.7f, 0.2f, 0.7f}));
    }

    @Test
    void appliesToFaces() {
        Face a = new Face(new Box(0, 0, 10, 10), 0.6f, List.of());
        Face b = new Face(new Box(1, 1, 11, 11), 0.9f, List.of());
        Face c = new Face(new Box(30, 30, 40, 40), 0.7f, List.of());
        assertEquals(List.of(b, c), nms.apply(List.of(a, b, c)));
        assertEquals(List.of(), nms.apply(List.of()));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> nms.keep(new float[7], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> new Nms(1.5f));
    }
}
