package dev.retinaface.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.retinaface.core.image.ImageLoadConfig;
import dev.retinaface.core.image.ImageLoadException;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.LoadedImage;

/**
 * Fuzz target for the project's image loader (JPEG, PNG, GIF, TIFF, WebP, BMP through ImageIO and TwelveMonkeys)
 * with the pixel limit on: a hostile image may only end in {@link ImageLoadException}, and an image that loads is
 * within the limit. Seeds: tiny valid images of each format plus damaged and oversized headers
 * ({@code ImageLoaderFuzzTestInputs/load/}). {@code ./fuzz image 10} fuzzes.
 */
class ImageLoaderFuzzTest {

    /** 1 megapixel: small enough that every accepted image decodes quickly. */
    private static final ImageLoader LOADER = new ImageLoader(ImageLoadConfig.defaults().withMaxPixels(1_000_000));

    @FuzzTest(maxDuration = "10m")
    void load(byte[] input) {
        try {
            LoadedImage image = LOADER.load(input, "fuzz input");
            long pixels = (long) image.width() * image.height();
            if (pixels > 1_000_000 || pixels <= 0) {
                throw new IllegalStateException("loaded " + image.width() + " x " + image.height() + " past the limit");
            }
        } catch (ImageLoadException expected) {
            // refused with the reason
        }
    }
}
