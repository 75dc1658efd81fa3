package dev.retinaface.core.image;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared demo images: selfie.png holds the reference decoder's pixels of selfie.jpg. */
class SharedImagesTest {

    @Test
    void selfieJpegDecodesCloseToTheReferencePixels() throws Exception {
        ImageLoader loader = new ImageLoader();
        LoadedImage jpeg = loader.load(SharedData.resolve("images/selfie.jpg"));
        LoadedImage png = loader.load(SharedData.resolve("images/selfie.png"));

        assertEquals(png.width(), jpeg.width());
        assertEquals(png.height(), jpeg.height());
        assertEquals(1, jpeg.exifOrientation());
        byte[] a = BgrImages.bytes(jpeg.image());
        byte[] b = BgrImages.bytes(png.image());
        long sum = 0;
        int max = 0;
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
            differing += d > 0 ? 1 : 0;
        }
        double mean = (double) sum / a.length;
        System.out.printf("selfie.jpg vs selfie.png: mean |diff| %.4f, max %d, %.2f%% of samples differ%n",
                mean, max, 100.0 * differing / a.length);
        assertTrue(mean < 1.0, "mean difference " + mean);
    }

    @Test
    void sampleJpegLoads() throws Exception {
        BufferedImage image = new ImageLoader().load(SharedData.resolve("images/sample.jpg")).image();
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, image.getType());
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
    }
}
