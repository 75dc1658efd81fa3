package dev.retinaface.onnx.quant;

import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calibration inputs follow the detector's resize policy; cache keys follow the calibration size. */
class FolderCalibrationImagesTest {

    private static BufferedImage pattern(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 7) % 256) << 16 | ((y * 11) % 256) << 8 | ((x * y) % 256));
            }
        }
        return img;
    }

    @Test
    void inputsAreResizedAsTheDetectorResizes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("0--a"));
        BufferedImage image = pattern(40, 30);
        ImageIO.write(image, "png", dir.resolve("0--a/a.png").toFile());

        FolderCalibrationImages original = new FolderCalibrationImages(dir, 1);
        CalibrationImages.Input o = original.input(0);
        assertEquals(30, o.height());
        assertEquals(40, o.width());
        assertArrayEquals(ImageTensors.toNchw(BgrImages.toBgr(image)), o.nchw());
        assertTrue(original.description().endsWith("original size"), original.description());

        // short side 30 -> 60: scale 2, long side 80 <= 100
        ResizePolicy policy = ResizePolicy.parse("short:60:100");
        FolderCalibrationImages resized = new FolderCalibrationImages(dir, 1, policy);
        CalibrationImages.Input r = resized.input(0);
        assertEquals(60, r.height());
        assertEquals(80, r.width());
        float[] expected = new float[ImageTensors.size(80, 60)];
        ImageTensors.toNchwScaled(BgrImages.toBgr(image), 2.0, expected, 0, false);
        assertArrayEquals(expected, r.nchw());
        assertTrue(resized.description().endsWith("resize short:60:100"), resized.description());

        // the long-side cap wins: 30 -> 60 would make the long side 80 > 70, so the scale is 70 / 40
        CalibrationImages.Input capped = new FolderCalibrationImages(dir, 1, ResizePolicy.parse("short:60:70"))
                .input(0);
        assertEquals(70, capped.width());
        assertEquals(52, capped.height(), "30 x 1.75 = 52.5, rounded half to even as cv2.resize");
    }

    @Test
    void cacheFilesDifferBySizeAndOriginalKeepsItsName(@TempDir Path dir) {
        CalibrationCache cache = new CalibrationCache(dir);
        QuantizationConfig q = QuantizationConfig.defaults().withPercentile(99.99).withCalibrationImages(64);
        assertEquals("d-percentile99.99-64.txt", cache.fileOf("d", q).getFileName().toString());
        QuantizationConfig big = q.withCalibrationResize(ResizePolicy.parse("short:1600:2150"));
        assertEquals("d-percentile99.99-64-short_1600_2150.txt", cache.fileOf("d", big).getFileName().toString());
        assertNotEquals(cache.biasFileOf("d", q), cache.biasFileOf("d", big));
        // corrections depend on which convs are quantised
        assertNotEquals(cache.biasFileOf("d", q), cache.biasFileOf("d", q.withFloatConvs(Set.of())));
        assertTrue(cache.biasFileOf("d", big).getFileName().toString()
                .startsWith("d-percentile99.99-64-short_1600_2150-bias-"));
    }
}
