package dev.retinaface.core.anchors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriorBoxesTest {

    private static final PriorConfig REF = PriorConfig.reference();

    @Test
    void referenceAnchorsAt640HaveTheDocumentedCountAndEnds() {
        float[] p = PriorBoxes.generate(REF, 640, 640);
        assertEquals(16_800, PriorBoxes.count(REF, 640, 640));
        assertEquals(16_800 * 4, p.length);
        // first: level stride 8, cell (0, 0), size 16; second: same cell, size 32
        assertArrayEquals(new float[] {0.00625f, 0.00625f, 0.025f, 0.025f, 0.00625f, 0.00625f, 0.05f, 0.05f},
                java.util.Arrays.copyOf(p, 8));
        // last: level stride 32, cell (19, 19), size 512
        assertArrayEquals(new float[] {0.975f, 0.975f, 0.8f, 0.8f}, java.util.Arrays.copyOfRange(p, p.length - 4, p.length));
        // first anchor of level 2 (stride 16) comes after the 80 x 80 x 2 anchors of level 1
        int level2 = 80 * 80 * 2 * 4;
        assertArrayEquals(new float[] {0.0125f, 0.0125f, 0.1f, 0.1f}, java.util.Arrays.copyOfRange(p, level2, level2 + 4));
    }

    @Test
    void countFollowsCeilOfSizeOverStrideOnEveryLevel() {
        assertEquals(4_200, PriorBoxes.count(REF, 320, 320)); // 40*40*2 + 20*20*2 + 10*10*2
        // selfie.png, 1024 x 624: 78*128*2 + 39*64*2 + ceil(19.5)=20 * 32 * 2
        assertEquals(19_968 + 4_992 + 1_280, PriorBoxes.count(REF, 624, 1024));
        assertEquals(PriorBoxes.count(REF, 624, 1024) * 4, PriorBoxes.generate(REF, 624, 1024).length);
        // face-detector-1mb RFB / slim: four levels with 3, 2, 2, 3 sizes, at 320 x 240
        PriorConfig rfb = new PriorConfig(new int[][] {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}},
                new int[] {8, 16, 32, 64}, 0.1f, 0.2f);
        assertEquals(30 * 40 * 3 + 15 * 20 * 2 + 8 * 10 * 2 + 4 * 5 * 3, PriorBoxes.count(rfb, 240, 320));
        assertEquals(1, PriorBoxes.count(new PriorConfig(new int[][] {{16}}, new int[] {8}, 0.1f, 0.2f), 1, 1));
    }

    @Test
    void nonSquareInputNormalisesXByWidthAndYByHeightInReferenceOrder() {
        float[] p = PriorBoxes.generate(REF, 624, 1024);
        // values as float32(python double expression), computed with numpy
        assertArrayEquals(new float[] {0.00390625f, 0.006410256493836641f, 0.015625f, 0.025641025975346565f},
                java.util.Arrays.copyOf(p, 4));
        // level 1, row 77 (last), column 5, size 32: index ((77 * 128) + 5) * 2 + 1
        int a = ((77 * 128) + 5) * 2 + 1;
        assertEquals(5.5f * 8 / 1024, p[4 * a], 0f);
        assertEquals(0.9935897588729858f, p[4 * a + 1], 0f);
        assertEquals(32f / 1024, p[4 * a + 2], 0f);
        // 624 / 32 = 19.5 gives a ceil grid of 20 rows: the last row is centred on the bottom edge, 19.5 * 32 / 624
        assertEquals(1f, p[p.length - 3], 0f);
    }

    @Test
    void rejectsEmptyInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PriorBoxes.generate(REF, 0, 640));
        assertTrue(e.getMessage().contains("640x0"), e.getMessage());
    }
}
