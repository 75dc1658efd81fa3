package dev.retinaface.core.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResizePolicyTest {

    private static final ResizePolicy LARGE = new ResizePolicy.ShortSide(1600, 2150);

    @Test
    void shortSide1600IsCappedByTheLongSide2150() {
        // selfie 1024 x 624: 1600 / 624 would make the long side 2626 > 2150, so the long side becomes 2150
        assertEquals(new ResizedInput(2150.0 / 1024, 2150, 1310), LARGE.resize(1024, 624));
        // a typical WIDER image 1024 x 768: long side 2133 <= 2150, the short side becomes 1600
        assertEquals(new ResizedInput(1600.0 / 768, 2133, 1600), LARGE.resize(1024, 768));
        // portrait works the same way
        assertEquals(new ResizedInput(1600.0 / 768, 1600, 2133), LARGE.resize(768, 1024));
        // a small image is scaled up
        assertEquals(1600.0 / 300, LARGE.scale(400, 300));
    }

    @Test
    void roundingIsHalfToEvenLikeNumpyAndOpenCv() {
        // s = 3 / 2 = 1.5; long side 3 * 1.5 = 4.5 rounds to 4 (not 5), so the cap of 4 is not exceeded
        ResizePolicy p = new ResizePolicy.ShortSide(3, 4);
        assertEquals(1.5, p.scale(3, 2));
        assertEquals(new ResizedInput(1.5, 4, 3), p.resize(3, 2));
        assertEquals(new ResizedInput(0.5, 2, 2), new ResizePolicy.FixedScale(0.5).resize(3, 3)); // 1.5 -> 2
        assertEquals(new ResizedInput(0.5, 2, 2), new ResizePolicy.FixedScale(0.5).resize(5, 5)); // 2.5 -> 2
    }

    @Test
    void otherPolicies() {
        assertEquals(new ResizedInput(1.0, 1024, 624), new ResizePolicy.Original().resize(1024, 624));
        assertTrue(new ResizePolicy.Original().resize(7, 5).isIdentity());
        assertEquals(new ResizedInput(0.625, 640, 390), new ResizePolicy.LongSide(640).resize(1024, 624));
        assertEquals(new ResizedInput(500.0 / 624, 821, 500), new ResizePolicy.ShortSide(500, 2150).resize(1024, 624));
    }

    @Test
    void rejectsBadSettingsAndSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ResizePolicy.ShortSide(0, 2150));
        assertThrows(IllegalArgumentException.class, () -> new ResizePolicy.LongSide(-1));
        assertThrows(IllegalArgumentException.class, () -> new ResizePolicy.FixedScale(Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LARGE.resize(0, 10));
        assertTrue(e.getMessage().contains("0x10"), e.getMessage());
        // scaling a 1-pixel side to nothing
        assertThrows(IllegalArgumentException.class, () -> new ResizePolicy.FixedScale(0.1).resize(1, 100));
    }
}
