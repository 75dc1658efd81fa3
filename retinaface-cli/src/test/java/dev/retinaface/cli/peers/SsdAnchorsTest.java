package dev.retinaface.cli.peers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** MediaPipe's SSD anchor layout for the face models, checked against hand-computed anchors. */
class SsdAnchorsTest {

    @Test
    void shortRangeHas896AnchorsInMediaPipeOrder() {
        SsdAnchors options = SsdAnchors.shortRange128();
        float[] a = options.generate();
        assertEquals(896, options.count());
        assertEquals(896 * 4, a.length);
        // stride 8: 16x16 cells, 2 anchors each (aspect 1 + interpolated scale), row by row
        assertAnchor(a, 0, 0.5f / 16, 0.5f / 16);
        assertAnchor(a, 1, 0.5f / 16, 0.5f / 16);
        assertAnchor(a, 2, 1.5f / 16, 0.5f / 16);
        assertAnchor(a, 32, 0.5f / 16, 1.5f / 16);
        assertAnchor(a, 511, 15.5f / 16, 15.5f / 16);
        // strides 16, 16, 16 share an 8x8 map: 6 anchors per cell
        for (int k = 512; k < 518; k++) {
            assertAnchor(a, k, 0.5f / 8, 0.5f / 8);
        }
        assertAnchor(a, 518, 1.5f / 8, 0.5f / 8);
        assertAnchor(a, 895, 7.5f / 8, 7.5f / 8);
        for (int k = 0; k < 896; k++) {
            assertEquals(1f, a[4 * k + 2]);
            assertEquals(1f, a[4 * k + 3]);
        }
    }

    @Test
    void back256HasTheSameGridsAtTwiceTheStrides() {
        SsdAnchors back = SsdAnchors.back256();
        assertEquals(896, back.count());
        assertArrayEquals(SsdAnchors.shortRange128().generate(), back.generate());
    }

    @Test
    void mapsRoundUpAndLayersOfOneStrideShareTheirCells() {
        // 100x60 at stride 32: ceil -> 4x2 cells; two layers of stride 32 give 4 anchors per cell
        SsdAnchors odd = new SsdAnchors(100, 60, new int[] {32, 32}, 1, true, 0.5f, 0.5f);
        assertEquals(4 * 2 * 4, odd.count());
        float[] a = odd.generate();
        assertAnchor(a, 4, 1.5f / 4, 0.5f / 2);
        // no interpolated anchor, offset 0: one anchor per cell at the cell corner
        SsdAnchors plain = new SsdAnchors(64, 64, new int[] {32}, 1, false, 0f, 0f);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0.5f, 0, 1, 1, 0, 0.5f, 1, 1, 0.5f, 0.5f, 1, 1}, plain.generate());
    }

    @Test
    void refusesBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> new SsdAnchors(128, 128, new int[0], 1, true, 0.5f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new SsdAnchors(128, 128, new int[] {0}, 1, true, 0.5f, 0.5f));
    }

    private static void assertAnchor(float[] a, int k, float cx, float cy) {
        assertEquals(cx, a[4 * k], 1e-7, "cx of anchor " + k);
        assertEquals(cy, a[4 * k + 1], 1e-7, "cy of anchor " + k);
    }
}
