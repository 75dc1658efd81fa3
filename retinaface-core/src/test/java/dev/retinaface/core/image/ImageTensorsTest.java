package dev.retinaface.core.image;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageTensorsTest {

    private static float at(float[] t, int offset, int w, int h, int c, int x, int y) {
        return t[offset + c * w * h + y * w + x];
    }

    @Test
    void selfieValuesAreBgrMinusMeanInPlanes() throws Exception {
        Path file = SharedData.resolve("images/selfie.png");
        BufferedImage image = new ImageLoader().load(file).image();
        BufferedImage plain = ImageIO.read(file.toFile()); // independent path: Java2D's sRGB getRGB
        int w = image.getWidth();
        int h = image.getHeight();

        float[] t = ImageTensors.toNchw(image);
        float[] flipped = new float[t.length];
        ImageTensors.toNchw(image, flipped, 0, true);

        assertEquals(3 * w * h, t.length);
        for (int[] p : new int[][] {{0, 0}, {w - 1, h - 1}, {500, 300}, {123, 456}, {w - 1, 0}}) {
            int rgb = plain.getRGB(p[0], p[1]);
            assertEquals((rgb & 0xFF) - 104f, at(t, 0, w, h, 0, p[0], p[1]));
            assertEquals(((rgb >> 8) & 0xFF) - 117f, at(t, 0, w, h, 1, p[0], p[1]));
            assertEquals(((rgb >> 16) & 0xFF) - 123f, at(t, 0, w, h, 2, p[0], p[1]));
            for (int c = 0; c < 3; c++) {
                assertEquals(at(t, 0, w, h, c, p[0], p[1]), at(flipped, 0, w, h, c, w - 1 - p[0], p[1]));
            }
        }
    }

    @Test
    void batchSlotsAreFilledAtTheirOffset() {
        BufferedImage a = random(7, 5, 1);
        BufferedImage b = random(7, 5, 2);
        int n = ImageTensors.size(7, 5);
        float[] batch = new float[2 * n];

        ImageTensors.toNchw(a, batch, 0, false);
        ImageTensors.toNchw(b, batch, n, false);

        assertArrayEquals(ImageTensors.toNchw(a), java.util.Arrays.copyOfRange(batch, 0, n));
        assertArrayEquals(ImageTensors.toNchw(b), java.util.Arrays.copyOfRange(batch, n, 2 * n));
        assertThrows(IllegalArgumentException.class, () -> ImageTensors.toNchw(a, batch, n + 1, false));
    }

    @Test
    void paddedSlotHoldsTheRegionThenZeros() {
        BufferedImage image = random(20, 30, 3);
        int slotW = 8;
        int slotH = 6;
        float[] t = new float[5 + ImageTensors.size(slotW, slotH)];
        java.util.Arrays.fill(t, 99f);
        float[] whole = ImageTensors.toNchw(image);

        ImageTensors.toPaddedNchw(image, 10, 20, 5, 4, t, 5, slotW, slotH, false);

        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < slotH; y++) {
                for (int x = 0; x < slotW; x++) {
                    float expected = x < 5 && y < 4 ? at(whole, 0, 20, 30, c, 10 + x, 20 + y) : 0f;
                    assertEquals(expected, at(t, 5, slotW, slotH, c, x, y), "c" + c + " " + x + "," + y);
                }
            }
        }
        assertEquals(99f, t[0]);

        ImageTensors.toPaddedNchw(image, 10, 20, 5, 4, t, 5, slotW, slotH, true);
        assertEquals(at(whole, 0, 20, 30, 2, 14, 21), at(t, 5, slotW, slotH, 2, 0, 1));
        assertEquals(0f, at(t, 5, slotW, slotH, 2, 5, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ImageTensors.toPaddedNchw(image, 18, 0, 5, 4, t, 5, slotW, slotH, false));
    }

    @Test
    void scaledTensorIsTheFloatResizeMinusMean() {
        BufferedImage image = random(8, 6, 4);
        float[] same = new float[ImageTensors.size(8, 6)];
        ImageTensors.toNchwScaled(image, 1.0, same, 0, false);
        assertArrayEquals(ImageTensors.toNchw(image), same);

        float[] half = new float[ImageTensors.size(4, 3)];
        ImageTensors.toNchwScaled(image, 0.5, half, 0, false);
        byte[] px = BgrImages.bytes(image);
        // a 2x reduction averages 2x2 blocks exactly in float; blue plane at (1, 2)
        float sum = 0;
        for (int[] d : new int[][] {{2, 4}, {3, 4}, {2, 5}, {3, 5}}) {
            sum += px[3 * (d[1] * 8 + d[0])] & 0xFF;
        }
        assertEquals(sum / 4 - 104f, at(half, 0, 4, 3, 0, 1, 2), 1e-4f);
    }

    @Test
    void bufferVariantsWriteTheSameFloatsAsTheArrayOnes() {
        BufferedImage image = random(9, 7, 5);
        int n = ImageTensors.size(9, 7);
        int offset = 4;
        for (boolean flip : new boolean[] {false, true}) {
            float[] expected = new float[n];
            ImageTensors.toNchw(image, expected, 0, flip);
            java.nio.FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(4 * (offset + n))
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            ImageTensors.toNchw(image, direct, offset, flip);
            float[] got = new float[n];
            direct.get(offset, got);
            assertArrayEquals(expected, got, "flip " + flip);
            assertEquals(0, direct.position()); // absolute writes leave position and limit alone

            int sn = ImageTensors.size(5, 4);
            float[] scaledExpected = new float[sn];
            ImageTensors.toNchwScaled(image, 0.55, scaledExpected, 0, flip);
            java.nio.FloatBuffer heap = java.nio.FloatBuffer.allocate(sn);
            ImageTensors.toNchwScaled(image, 0.55, heap, 0, flip);
            assertArrayEquals(scaledExpected, heap.array(), "scaled, flip " + flip);
        }
        String msg = assertThrows(IllegalArgumentException.class,
                () -> ImageTensors.toNchw(image, java.nio.FloatBuffer.allocate(n), 1, false)).getMessage();
        assertEquals("destination holds " + n + " floats, need " + (n + 1) + " (offset 1 + 3x7x9)", msg);
    }

    private static BufferedImage random(int w, int h, long seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        new Random(seed).nextBytes(BgrImages.bytes(image));
        return image;
    }
}
