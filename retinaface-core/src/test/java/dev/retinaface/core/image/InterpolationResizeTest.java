package dev.retinaface.core.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ImageResizer#resize} with each of OpenCV's interpolations, on compact BGR images from {@link BgrImages#wrap}. */
class InterpolationResizeTest {

    private static byte[] ramp(int w, int h) {
        byte[] bgr = new byte[3 * w * h];
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) (i * 7);
        }
        return bgr;
    }

    @Test
    void wrapSharesTheArrayAsACompactBgrImage() {
        byte[] bgr = ramp(5, 3);
        BufferedImage image = BgrImages.wrap(bgr, 5, 3);
        assertTrue(BgrImages.isCompactBgr(image));
        assertSame(bgr, BgrImages.bytes(image));
        assertEquals(0xFF000000 | (bgr[5] & 0xFF) << 16 | (bgr[4] & 0xFF) << 8 | (bgr[3] & 0xFF), image.getRGB(1, 0));
    }

    @Test
    void linearIsTheOpenCvBilinearAndEveryMethodKeepsAFlatImageFlat() {
        BufferedImage ramp = BgrImages.wrap(ramp(9, 7), 9, 7);
        assertArrayEquals(BgrImages.bytes(ImageResizer.bilinear(ramp, 16, 5)),
                BgrImages.bytes(ImageResizer.resize(ramp, 16, 5, Interpolation.LINEAR)));
        byte[] flat = new byte[3 * 7 * 5];
        for (int i = 0; i < flat.length; i += 3) {
            flat[i] = 9;
            flat[i + 1] = 99;
            flat[i + 2] = (byte) 199;
        }
        for (Interpolation method : Interpolation.values()) {
            for (int[] size : new int[][] {{16, 16}, {3, 2}}) {
                byte[] out = BgrImages.bytes(ImageResizer.resize(BgrImages.wrap(flat, 7, 5), size[0], size[1], method));
                assertEquals(3 * size[0] * size[1], out.length);
                for (int i = 0; i < out.length; i += 3) {
                    assertArrayEquals(new byte[] {9, 99, (byte) 199}, new byte[] {out[i], out[i + 1], out[i + 2]},
                            method + " " + size[0] + "x" + size[1]);
                }
            }
        }
    }

    @Test
    void theSameSizeGivesACopy() {
        byte[] bgr = ramp(4, 4);
        BufferedImage out = ImageResizer.resize(BgrImages.wrap(bgr, 4, 4), 4, 4, Interpolation.CUBIC);
        assertNotSame(bgr, BgrImages.bytes(out));
        assertArrayEquals(bgr, BgrImages.bytes(out));
    }
}
