package dev.retinaface.core.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLoaderFormatsTest {

    private final ImageLoader loader = new ImageLoader();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff", "gif", "webp"})
    void losslessFormatsGiveThePngPixels(String format) throws Exception {
        BufferedImage original = TestImages.twoLevelPattern(29, 17);
        Path png = dir.resolve("pattern.png");
        Files.write(png, TestImages.encode(original, "png"));
        Path file = dir.resolve("pattern." + format);
        Files.write(file, switch (format) {
            case "webp" -> TestImages.losslessWebp(original);
            case "gif" -> TestImages.encode(toIndexed(original), "gif");
            default -> TestImages.encode(original, format);
        });

        LoadedImage fromPng = loader.load(png);
        LoadedImage loaded = loader.load(file);

        assertEquals(BufferedImage.TYPE_3BYTE_BGR, loaded.image().getType());
        assertEquals(29, loaded.width());
        assertEquals(17, loaded.height());
        assertEquals(1, loaded.exifOrientation());
        assertArrayEquals(BgrImages.bytes(fromPng.image()), BgrImages.bytes(loaded.image()), format);
        assertArrayEquals(new int[] {90, 200, 230}, TestImages.bgr(loaded.image(), 0, 0));
    }

    @Test
    void jpegIsCloseToTheOriginal() throws Exception {
        BufferedImage original = TestImages.gradient(64, 48);
        Path file = dir.resolve("gradient.jpg");
        ImageWriter.writeJpeg(original, file, 0.95f);

        LoadedImage loaded = loader.load(file);

        assertEquals(64, loaded.width());
        assertTrue(TestImages.meanAbsDiff(original, loaded.image()) < 2.0);
    }

    @Test
    void bytesAndPathGiveTheSameImage() throws Exception {
        byte[] png = TestImages.encode(TestImages.twoLevelPattern(10, 7), "png");
        Path file = dir.resolve("p.png");
        Files.write(file, png);

        LoadedImage fromBytes = loader.load(png, "upload.png");

        assertEquals("upload.png", fromBytes.source());
        assertArrayEquals(BgrImages.bytes(loader.load(file).image()), BgrImages.bytes(fromBytes.image()));
    }

    @Test
    void greyIsCopiedAsStoredNotGammaConverted() throws Exception {
        BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 100);
        grey.getRaster().setSample(2, 1, 0, 255);

        LoadedImage loaded = loader.load(TestImages.encode(grey, "png"), "grey.png");

        // Java2D's getRGB would turn linear grey 100 into about 170
        assertArrayEquals(new int[] {100, 100, 100}, TestImages.bgr(loaded.image(), 1, 1));
        assertArrayEquals(new int[] {255, 255, 255}, TestImages.bgr(loaded.image(), 2, 1));
        assertArrayEquals(new int[] {0, 0, 0}, TestImages.bgr(loaded.image(), 0, 0));
    }

    @Test
    void sixteenBitGreyKeepsTheHighByte() throws Exception {
        BufferedImage grey16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 0x1234);
        grey16.getRaster().setSample(1, 0, 0, 0x80FF);
        grey16.getRaster().setSample(2, 0, 0, 0xFFFF);

        LoadedImage loaded = loader.load(TestImages.encode(grey16, "png"), "grey16.png");

        assertArrayEquals(new int[] {0x12, 0x12, 0x12}, TestImages.bgr(loaded.image(), 0, 0));
        assertArrayEquals(new int[] {0x80, 0x80, 0x80}, TestImages.bgr(loaded.image(), 1, 0));
        assertArrayEquals(new int[] {0xFF, 0xFF, 0xFF}, TestImages.bgr(loaded.image(), 2, 0));
    }

    @Test
    void sixteenBitRgbKeepsTheHighByte() throws Exception {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {0xC8FF, 0x6400, 0x3280}); // r, g, b
        raster.setPixel(1, 0, new int[] {0x0001, 0xFFFF, 0x7F7F});
        BufferedImage rgb16 = new BufferedImage(cm, raster, false, null);

        LoadedImage loaded = loader.load(TestImages.encode(rgb16, "png"), "rgb16.png");

        assertArrayEquals(new int[] {0x32, 0x64, 0xC8}, TestImages.bgr(loaded.image(), 0, 0));
        assertArrayEquals(new int[] {0x7F, 0xFF, 0x00}, TestImages.bgr(loaded.image(), 1, 0));
    }

    @Test
    void alphaIsDroppedWithoutCompositing() throws Exception {
        BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_4BYTE_ABGR);
        rgba.getRaster().setPixel(0, 0, new int[] {200, 100, 50, 10}); // r, g, b, a: almost transparent
        rgba.getRaster().setPixel(1, 0, new int[] {1, 2, 3, 0});

        LoadedImage loaded = loader.load(TestImages.encode(rgba, "png"), "rgba.png");

        assertArrayEquals(new int[] {50, 100, 200}, TestImages.bgr(loaded.image(), 0, 0));
        assertArrayEquals(new int[] {3, 2, 1}, TestImages.bgr(loaded.image(), 1, 0));
    }

    @Test
    void greyWithAlphaGivesTheGrey() throws Exception {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                java.awt.Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {77, 0});
        raster.setPixel(1, 0, new int[] {200, 128});
        BufferedImage greyAlpha = new BufferedImage(cm, raster, false, null);

        LoadedImage loaded = loader.load(TestImages.encode(greyAlpha, "png"), "ga.png");

        assertArrayEquals(new int[] {77, 77, 77}, TestImages.bgr(loaded.image(), 0, 0));
        assertArrayEquals(new int[] {200, 200, 200}, TestImages.bgr(loaded.image(), 1, 0));
    }

    @Test
    void paletteAndOneBitImagesAreExpanded() throws Exception {
        BufferedImage indexed = toIndexed(TestImages.twoLevelPattern(12, 6));
        LoadedImage loaded = loader.load(TestImages.encode(indexed, "png"), "palette.png");
        assertArrayEquals(BgrImages.bytes(TestImages.twoLevelPattern(12, 6)), BgrImages.bytes(loaded.image()));

        BufferedImage binary = new BufferedImage(9, 2, BufferedImage.TYPE_BYTE_BINARY);
        binary.getRaster().setSample(8, 1, 0, 1);
        LoadedImage bits = loader.load(TestImages.encode(binary, "png"), "1bit.png");
        assertArrayEquals(new int[] {255, 255, 255}, TestImages.bgr(bits.image(), 8, 1));
        assertArrayEquals(new int[] {0, 0, 0}, TestImages.bgr(bits.image(), 7, 1));
    }

    @Test
    void cmykAndYcckJpegsBecomeRgb() throws Exception {
        int[][] inks = {{0, 0, 0, 0}, {255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}};
        for (boolean ycck : new boolean[] {false, true}) {
            LoadedImage loaded = loader.load(TestImages.cmykJpeg(inks, ycck), ycck ? "ycck.jpg" : "cmyk.jpg");
            String what = ycck ? "YCCK" : "CMYK";
            assertEquals(40, loaded.width());
            assertColour(loaded.image(), 0, "white", what, true, true, true);
            assertColour(loaded.image(), 1, "cyan", what, false, true, true);
            assertColour(loaded.image(), 2, "magenta", what, true, false, true);
            assertColour(loaded.image(), 3, "yellow", what, true, true, false);
            assertColour(loaded.image(), 4, "black", what, false, false, false);
        }
    }

    /** Stripe {@code i} of the CMYK test image: each of R, G, B clearly high (> 180) or low (< 80). */
    private static void assertColour(BufferedImage image, int stripe, String name, String what,
                                     boolean red, boolean green, boolean blue) {
        int[] bgr = TestImages.bgr(image, 8 * stripe + 4, 4);
        String message = what + " " + name + " gave BGR " + java.util.Arrays.toString(bgr);
        assertEquals(red, bgr[2] > 180, message);
        assertEquals(green, bgr[1] > 180, message);
        assertEquals(blue, bgr[0] > 180, message);
        assertTrue((bgr[2] > 180 || bgr[2] < 80) && (bgr[1] > 180 || bgr[1] < 80) && (bgr[0] > 180 || bgr[0] < 80),
                message);
    }

    /** The same pixels through a palette of exactly the colours used. */
    static BufferedImage toIndexed(BufferedImage image) {
        java.util.LinkedHashMap<Integer, Integer> colours = new java.util.LinkedHashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.putIfAbsent(image.getRGB(x, y) & 0xFFFFFF, colours.size());
            }
        }
        int n = colours.size();
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        colours.forEach((rgb, i) -> {
            r[i] = (byte) (rgb >> 16);
            g[i] = (byte) (rgb >> 8);
            b[i] = (byte) (int) rgb;
        });
        IndexColorModel palette = new IndexColorModel(8, n, r, g, b);
        BufferedImage indexed = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                indexed.getRaster().setSample(x, y, 0, colours.get(image.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return indexed;
    }
}
