package dev.retinaface.core.anonymize;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.image.BgrImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Masks cover the grown box, leave every other pixel alone, and destroy detail inside. */
class FaceAnonymizerTest {

    private static final Box FACE = new Box(40, 30, 80, 90);

    @Test
    void everyStyleChangesOnlyTheGrownBox() {
        BufferedImage noise = noise(160, 120, 1);
        for (MaskStyle style : MaskStyle.values()) {
            FaceAnonymizer anonymizer = new FaceAnonymizer(AnonymizeConfig.defaults().withStyle(style).withMargin(0.25));
            BufferedImage out = anonymizer.apply(noise, List.of(FACE));
            // margin 0.25 of 40 x 60: x 30..90, y 15..105
            FaceAnonymizer.Region r = anonymizer.grown(FACE, 160, 120);
            assertEquals(new FaceAnonymizer.Region(30, 15, 90, 105), r);
            int changedInside = 0;
            for (int y = 0; y < 120; y++) {
                for (int x = 0; x < 160; x++) {
                    boolean inside = x >= r.x0() && x < r.x1() && y >= r.y0() && y < r.y1();
                    if (!inside) {
                        assertEquals(noise.getRGB(x, y), out.getRGB(x, y), style + " touched " + x + "," + y);
                    } else if (noise.getRGB(x, y) != out.getRGB(x, y)) {
                        changedInside++;
                    }
                }
            }
            assertTrue(changedInside > 0.9 * (r.x1() - r.x0()) * (r.y1() - r.y0()), style + " changed " + changedInside);
        }
    }

    @Test
    void blurRemovesDetailInsideTheMask() {
        BufferedImage noise = noise(160, 120, 2);
        BufferedImage out = new FaceAnonymizer(AnonymizeConfig.defaults()).apply(noise, List.of(FACE));
        // noise has a large pixel-to-pixel difference; after a blur of radius 15 it is almost flat
        assertTrue(meanNeighbourDifference(noise, 50, 40, 70, 80) > 60);
        assertTrue(meanNeighbourDifference(out, 50, 40, 70, 80) < 5, "blurred: " + meanNeighbourDifference(out, 50, 40, 70, 80));
    }

    @Test
    void solidFillUsesTheColourAndTheInputStaysUntouched() {
        BufferedImage noise = noise(160, 120, 3);
        int before = noise.getRGB(60, 60);
        BufferedImage out = new FaceAnonymizer(AnonymizeConfig.defaults().withStyle(MaskStyle.SOLID).withSolidRgb(0x102030))
                .apply(noise, List.of(FACE));
        assertEquals(0x102030, out.getRGB(60, 60) & 0xFFFFFF);
        assertEquals(before, noise.getRGB(60, 60));
        assertNotEquals(out, noise);
    }

    @Test
    void boxesOutsideOrNotFiniteAreIgnoredAndClippedBoxesWork() {
        BufferedImage noise = noise(50, 40, 4);
        FaceAnonymizer anonymizer = new FaceAnonymizer(AnonymizeConfig.defaults());
        BufferedImage out = anonymizer.apply(noise, List.of(new Box(500, 500, 600, 600), new Box(Float.NaN, 0, 10, 10),
                new Box(-1e30f, -1e30f, 1e30f, 1e30f)));
        assertEquals(new FaceAnonymizer.Region(0, 0, 50, 40), anonymizer.grown(new Box(-1e30f, -1e30f, 1e30f, 1e30f), 50, 40));
        assertNotEquals(noise.getRGB(25, 20), out.getRGB(25, 20));
    }

    @Test
    void inPlaceNeedsCompactBgrAndBadSettingsAreRefused() {
        BufferedImage rgb = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonymizer(AnonymizeConfig.defaults()).applyInPlace(rgb, List.of()));
        assertThrows(IllegalArgumentException.class, () -> AnonymizeConfig.defaults().withMargin(-1));
        assertThrows(IllegalArgumentException.class, () -> AnonymizeConfig.defaults().withStrength(0));
        assertThrows(IllegalArgumentException.class, () -> MaskStyle.parse("swirl"));
        assertEquals(MaskStyle.PIXELATE, MaskStyle.parse("Pixelate"));
    }

    private static BufferedImage noise(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = BgrImages.bytes(image);
        rnd.nextBytes(data);
        return image;
    }

    private static double meanNeighbourDifference(BufferedImage image, int x0, int y0, int x1, int y1) {
        double sum = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1 - 1; x++) {
                sum += Math.abs((image.getRGB(x, y) & 0xFF) - (image.getRGB(x + 1, y) & 0xFF));
                n++;
            }
        }
        return sum / n;
    }
}
