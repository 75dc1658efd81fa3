package dev.retinaface.core.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLoaderErrorsTest {

    private final ImageLoader loader = new ImageLoader();

    @TempDir
    Path dir;

    private ImageLoadException failure(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        // the in-memory variant fails the same way
        ImageLoadException fromBytes = assertThrows(ImageLoadException.class, () -> loader.load(content, name));
        assertTrue(fromBytes.getMessage().contains(name), fromBytes.getMessage());
        return e;
    }

    private static void assertMentions(Exception e, String... words) {
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "'" + word + "' missing in: " + e.getMessage());
        }
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope/absent.jpg");
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(missing));
        assertMentions(e, "not found", missing.toString());
    }

    @Test
    void directory() {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(dir));
        assertMentions(e, "directory", dir.toString());
    }

    @Test
    void emptyFile() throws Exception {
        assertMentions(failure("empty.jpg", new byte[0]), "empty");
    }

    @Test
    void randomBytes() throws Exception {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x01; // not accidentally a known signature
        assertMentions(failure("noise.bin", noise), "not an image", "JPEG, PNG, BMP, GIF, WebP, TIFF");
    }

    @Test
    void textFile() throws Exception {
        byte[] text = "# event/name.jpg\n10 20 30 40\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        assertMentions(failure("labels.txt", text), "looks like text", "supported formats");
    }

    @Test
    void truncatedJpeg() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.gradient(120, 90), 0.9f);
        byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertMentions(failure("cut.jpg", half), "truncated or corrupt JPEG");
    }

    @Test
    void truncatedPng() throws Exception {
        byte[] png = TestImages.encode(TestImages.gradient(120, 90), "png");
        byte[] half = Arrays.copyOf(png, png.length / 2);
        assertMentions(failure("cut.png", half), "truncated or corrupt PNG");
    }

    @Test
    void corruptPngData() throws Exception {
        byte[] png = TestImages.encode(TestImages.gradient(120, 90), "png");
        for (int i = png.length / 3; i < png.length / 3 + 40; i++) {
            png[i] ^= 0x5A;
        }
        assertMentions(failure("garbled.png", png), "truncated or corrupt PNG");
    }

    @Test
    void hugePngHeaderIsRefusedBeforeDecoding() throws Exception {
        ImageLoadException e = failure("huge.png", TestImages.pngHeaderOnly(100_000, 100_000));
        assertMentions(e, "100000 x 100000", "10,000,000,000 pixels", "50,000,000");
        // typed, with the facts a front end words for its users (the CLI names --max-pixels, the service a 413)
        ImageTooLargeException big = assertInstanceOf(ImageTooLargeException.class, e);
        assertEquals(100_000, big.width());
        assertEquals(10_000_000_000L, big.pixels());
        assertEquals(ImageLoadConfig.DEFAULT_MAX_PIXELS, big.limit());
    }

    @Test
    void pixelLimitIsConfigurable() throws Exception {
        byte[] png = TestImages.encode(TestImages.gradient(120, 90), "png");
        ImageLoader strict = new ImageLoader(ImageLoadConfig.defaults().withMaxPixels(10_000));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> strict.load(png, "g.png"));
        assertMentions(e, "120 x 90", "10,800 pixels", "10,000");
        assertEquals(120, new ImageLoader(ImageLoadConfig.defaults().withMaxPixels(10_800)).load(png, "g.png").width());
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ImageLoadConfig(0, true));
        assertThrows(IllegalArgumentException.class, () -> new ImageLoadConfig(Long.MAX_VALUE, true));
        assertEquals(50_000_000L, ImageLoadConfig.defaults().maxPixels());
    }

    @Test
    void harmlessWarningsAreNotErrors() {
        assertTrue(ReadWarnings.isFatal("Premature end of JPEG file"));
        assertTrue(ReadWarnings.isFatal("Truncated File - Missing EOI marker"));
        assertTrue(!ReadWarnings.isFatal("Corrupt JPEG data: 2 extraneous bytes before marker 0xd9"));
    }
}
