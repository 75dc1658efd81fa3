package dev.retinaface.core.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageResizerTest {

    /** A grey BGR image from rows of values. */
    private static BufferedImage grey(int[][] rows) {
        BufferedImage image = new BufferedImage(rows[0].length, rows.length, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = BgrImages.bytes(image);
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[0].length; x++) {
                int o = 3 * (y * rows[0].length + x);
                data[o] = data[o + 1] = data[o + 2] = (byte) rows[y][x];
            }
        }
        return image;
    }

    private static int[][] channel(BufferedImage image, int c) {
        byte[] data = BgrImages.bytes(image);
        int[][] out = new int[image.getHeight()][image.getWidth()];
        for (int y = 0; y < out.length; y++) {
            for (int x = 0; x < out[0].length; x++) {
                out[y][x] = data[3 * (y * out[0].length + x) + c] & 0xFF;
            }
        }
        return out;
    }

    private static BufferedImage random(int w, int h, long seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        new Random(seed).nextBytes(BgrImages.bytes(image));
        return image;
    }

    @Test
    void upscaleOfTwoByTwoMatchesOpenCvFixedPoint() {
        BufferedImage resized = ImageResizer.bilinear(grey(new int[][] {{0, 100}, {200, 40}}), 4, 4);

        // cv2.resize(np.uint8([[0, 100], [200, 40]]), (4, 4)) by OpenCV's formula: 11-bit weights
        // (1536/512 at the quarter positions), horizontal sums, vertical ((b*(h>>4))>>16 ... + 2) >> 2
        int[][] expected = {
                {0, 25, 75, 100},
                {50, 59, 76, 85},
                {150, 126, 79, 55},
                {200, 160, 80, 40}};
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(expected, channel(resized, c));
        }
    }

    @Test
    void floatUpscaleIsExactBilinear() {
        float[] resized = ImageResizer.bilinearFloat(grey(new int[][] {{0, 100}, {200, 40}}), 2.0, 2.0);

        float[] expected = {
                0, 25, 75, 100,
                50, 58.75f, 76.25f, 85,
                150, 126.25f, 78.75f, 55,
                200, 160, 80, 40};
        for (int i = 0; i < 16; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[i], resized[3 * i + c], 1e-4f, "pixel " + i);
            }
        }
    }

    @Test
    void twoTimesDownscaleAveragesTwoByTwoBlocks() {
        int[][] gradient = new int[6][8];
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                gradient[y][x] = 30 * x + 7 * y + (x * y) % 5;
            }
        }
        int[][] resized = channel(ImageResizer.bilinear(grey(gradient), 4, 3), 1);

        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                int sum = gradient[2 * y][2 * x] + gradient[2 * y][2 * x + 1]
                        + gradient[2 * y + 1][2 * x] + gradient[2 * y + 1][2 * x + 1];
                assertEquals((sum + 2) >> 2, resized[y][x], "at " + x + "," + y);
            }
        }
        assertEquals((0 + 30 + 7 + 38 + 2) >> 2, resized[0][0]); // 19
    }

    @Test
    void arbitraryRatiosStayWithinOneGreyLevelOfExactBilinear() {
        BufferedImage source = random(17, 13, 7);
        for (int[] size : new int[][] {{29, 7}, {5, 20}, {17, 13}, {1, 1}, {40, 31}}) {
            BufferedImage resized = ImageResizer.bilinear(source, size[0], size[1]);
            assertEquals(size[0], resized.getWidth());
            assertEquals(size[1], resized.getHeight());
            for (int c = 0; c < 3; c++) {
                double[][] exact = exactBilinear(channel(source, c), size[0], size[1]);
                int[][] got = channel(resized, c);
                for (int y = 0; y < size[1]; y++) {
                    for (int x = 0; x < size[0]; x++) {
                        assertTrue(Math.abs(got[y][x] - exact[y][x]) <= 1.0,
                                size[0] + "x" + size[1] + " at " + x + "," + y + ": " + got[y][x] + " vs " + exact[y][x]);
                    }
                }
            }
        }
    }

    /** Textbook half-pixel-centre bilinear interpolation with border clamping, in double precision. */
    private static double[][] exactBilinear(int[][] src, int w, int h) {
        int sh = src.length;
        int sw = src[0].length;
        double[][] out = new double[h][w];
        for (int y = 0; y < h; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sh / h - 0.5, 0), sh - 1);
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(y0 + 1, sh - 1);
            double wy = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sw / w - 0.5, 0), sw - 1);
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(x0 + 1, sw - 1);
                double wx = fx - x0;
                out[y][x] = (1 - wy) * ((1 - wx) * src[y0][x0] + wx * src[y0][x1])
                        + wy * ((1 - wx) * src[y1][x0] + wx * src[y1][x1]);
            }
        }
        return out;
    }

    @Test
    void floatAndByteResizesAgree() {
        BufferedImage source = random(23, 19, 3);
        BufferedImage bytes = ImageResizer.bilinearScale(source, 1.7, 1.7);
        float[] floats = ImageResizer.bilinearFloat(source, 1.7, 1.7);
        byte[] b = BgrImages.bytes(bytes);
        assertEquals(b.length, floats.length);
        for (int i = 0; i < b.length; i++) {
            assertTrue(Math.abs((b[i] & 0xFF) - floats[i]) <= 1.0f, "sample " + i);
        }
    }

    @Test
    void scaleFactorsRoundSizesLikeOpenCv() {
        assertEquals(50, ImageResizer.scaledSize(101, 0.5)); // 50.5 rounds half to even
        assertEquals(26, ImageResizer.scaledSize(51, 0.5)); // 25.5 -> 26
        assertEquals(1600, ImageResizer.scaledSize(1024, 1600.0 / 1024));
        BufferedImage resized = ImageResizer.bilinearScale(random(101, 51, 1), 0.5, 0.5);
        assertEquals(50, resized.getWidth());
        assertEquals(26, resized.getHeight());
        assertThrows(IllegalArgumentException.class, () -> ImageResizer.bilinear(random(4, 4, 1), 0, 3));
        assertThrows(IllegalArgumentException.class, () -> ImageResizer.bilinearFloat(random(4, 4, 1), -1, 1));
    }
}
