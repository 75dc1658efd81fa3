package dev.retinaface.core.image;

import dev.retinaface.core.testsupport.AllocationBound;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The images fuzzing found (issue 13), kept in the fuzz corpus ({@code ImageLoaderFuzzTestInputs/load/found-*}):
 * each is refused with an {@link ImageLoadException} while the test thread allocates under 64 MiB
 * ({@link AllocationBound}); each once ended in {@code OutOfMemoryError} under a 1 GiB heap.
 */
class HostileImagesTest {

    private static final long BOUND = 64L << 20;
    private final ImageLoader loader = new ImageLoader(ImageLoadConfig.defaults().withMaxPixels(1_000_000));

    /** 78 bytes whose pixel-data offset (905,969,664) sized TwelveMonkeys' colour table at 226 million entries. */
    @Test
    void bmpWhosePixelDataStartsPastTheEndIsRefused() throws IOException {
        ImageLoadException e = refused("found-bmp-pixel-offset-past-end.bmp");

        assertEquals("Cannot load f: truncated or corrupt BMP data (its pixel data would start at byte 905969664, "
                + "past the end of the file (78 bytes))", e.getMessage());
    }

    /** A TIFF whose samples per pixel made the decoded raster gigabytes although its pixel count was within limit. */
    @Test
    void tiffWithThousandsOfSamplesPerPixelIsRefused() throws IOException {
        ImageLoadException e = refused("found-tiff-many-samples.tiff");

        assertTrue(e.getMessage().startsWith("Cannot load f: the image is "), e.getMessage());
        assertTrue(e.getMessage().contains("bits per pixel"), e.getMessage());
    }

    private ImageLoadException refused(String corpusEntry) throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream(
                "/dev/retinaface/core/fuzz/ImageLoaderFuzzTestInputs/load/" + corpusEntry)) {
            bytes = in.readAllBytes();
        }
        Throwable t = AllocationBound.within(BOUND, () -> loader.load(bytes, "f"));
        return assertInstanceOf(ImageLoadException.class, t);
    }
}
