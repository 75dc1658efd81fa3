package dev.retinaface.core.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLoaderOrientationTest {

    /** 64 x 32, four flat quadrants: top-left red, top-right green, bottom-left blue, bottom-right white. */
    private static BufferedImage quadrants() {
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                int rgb = y < 16 ? (x < 32 ? 0xFF0000 : 0x00FF00) : (x < 32 ? 0x0000FF : 0xFFFFFF);
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static byte[] jpegWithOrientation(int orientation) throws Exception {
        byte[] jpeg = TestImages.jpeg(quadrants(), 0.95f);
        return TestImages.insertAfterSoi(jpeg, TestImages.exifOrientationSegment(orientation));
    }

    /** Colour name of the quadrant around a point. */
    private static String colourAt(BufferedImage image, int x, int y) {
        int[] bgr = TestImages.bgr(image, x, y);
        String name = (bgr[2] > 128 ? "R" : "") + (bgr[1] > 128 ? "G" : "") + (bgr[0] > 128 ? "B" : "");
        return name.equals("RGB") ? "white" : name;
    }

    @Test
    void orientationSixTurnsClockwise() throws Exception {
        LoadedImage loaded = new ImageLoader().load(jpegWithOrientation(6), "rotated.jpg");

        assertEquals(6, loaded.exifOrientation());
        assertEquals(32, loaded.width());
        assertEquals(64, loaded.height());
        assertEquals(64, loaded.originalWidth());
        assertEquals(32, loaded.originalHeight());
        // turned 90° clockwise, the bottom-left (blue) comes to the top-left, the top-left (red) to the top-right
        assertEquals("B", colourAt(loaded.image(), 8, 8));
        assertEquals("R", colourAt(loaded.image(), 24, 8));
        assertEquals("white", colourAt(loaded.image(), 8, 56));
        assertEquals("G", colourAt(loaded.image(), 24, 56));
    }

    @Test
    void orientationThreeTurnsHalfway() throws Exception {
        LoadedImage loaded = new ImageLoader().load(jpegWithOrientation(3), "upside-down.jpg");

        assertEquals(3, loaded.exifOrientation());
        assertEquals(64, loaded.width());
        assertEquals(32, loaded.height());
        assertEquals("white", colourAt(loaded.image(), 8, 8));
        assertEquals("B", colourAt(loaded.image(), 56, 8));
        assertEquals("G", colourAt(loaded.image(), 8, 24));
        assertEquals("R", colourAt(loaded.image(), 56, 24));
    }

    @Test
    void orientationIsReportedButNotAppliedWhenDisabled() throws Exception {
        ImageLoader loader = new ImageLoader(ImageLoadConfig.defaults().withApplyExifOrientation(false));
        LoadedImage loaded = loader.load(jpegWithOrientation(6), "rotated.jpg");

        assertEquals(6, loaded.exifOrientation());
        assertEquals(64, loaded.width());
        assertEquals("R", colourAt(loaded.image(), 8, 8));
    }

    @Test
    void jpegWithoutExifIsUpright() throws Exception {
        LoadedImage loaded = new ImageLoader().load(TestImages.jpeg(quadrants(), 0.9f), "plain.jpg");
        assertEquals(1, loaded.exifOrientation());
        assertEquals("R", colourAt(loaded.image(), 8, 8));
    }

    /**
     * Every orientation on a 3 x 2 image with pixels numbered 0..5 (row by row); expected: the upright result's
     * pixels, row by row, from the EXIF definitions (e.g. 6 = turn 90° clockwise).
     */
    @ParameterizedTest
    @CsvSource({
            "1, 3, 0 1 2 3 4 5",
            "2, 3, 2 1 0 5 4 3",
            "3, 3, 5 4 3 2 1 0",
            "4, 3, 3 4 5 0 1 2",
            "5, 2, 0 3 1 4 2 5",
            "6, 2, 3 0 4 1 5 2",
            "7, 2, 5 2 4 1 3 0",
            "8, 2, 2 5 1 4 0 3"})
    void applyFollowsTheExifDefinitions(int orientation, int width, String expected) {
        BufferedImage numbered = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < 6; i++) {
            numbered.setRGB(i % 3, i / 3, i * 10);
        }
        BufferedImage upright = ExifOrientation.apply(numbered, orientation);

        assertEquals(width, upright.getWidth());
        assertEquals(6 / width, upright.getHeight());
        int[] actual = new int[6];
        for (int i = 0; i < 6; i++) {
            actual[i] = (upright.getRGB(i % width, i / width) & 0xFF) / 10;
        }
        int[] want = java.util.Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray();
        assertArrayEquals(want, actual, "orientation " + orientation);
        if (orientation == 1) {
            assertSame(numbered, upright);
        }
        assertTrue(ExifOrientation.swapsAxes(orientation) == (width == 2));
    }
}
