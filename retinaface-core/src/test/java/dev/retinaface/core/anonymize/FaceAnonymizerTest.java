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
    void blurOfAnEdgeFollowsAGaussianAndKeepsFlatColours() {
        // a vertical step from 20 to 220 at x = 150, blurred over a 300 x 120 rectangle: across the edge the profile
        // must follow the Gaussian's integral with sigma = sqrt(r (r + 1)), the sigma of three box passes of radius r, within 5 %
        // of the step (strong blurs run on a shrunk copy, which widens the profile a little)
        for (int radius : new int[] {4, 12, 30}) {
            int w = 300;
            int h = 120;
            byte[] bgr = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    java.util.Arrays.fill(bgr, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) (x < 150 ? 20 : 220));
                }
            }
            MaskOps.blur(bgr, w, 0, 0, w, h, radius);
            double sigma = Math.sqrt(radius * (radius + 1.0));
            double worst = 0;
            for (int x = 60; x < 240; x++) {
                double expected = 20 + 200 * normalCdf((x + 0.5 - 150) / sigma);
                for (int c = 0; c < 3; c++) {
                    worst = Math.max(worst, Math.abs((bgr[(60 * w + x) * 3 + c] & 0xFF) - expected));
                }
            }
            assertTrue(worst <= 10, "radius " + radius + ": off the Gaussian by " + worst + " levels");
            // far from the edge the flat colours stay exactly as they were
            assertEquals(20, bgr[(60 * w + 2) * 3] & 0xFF, "radius " + radius);
            assertEquals(220, bgr[(60 * w + 297) * 3 + 2] & 0xFF, "radius " + radius);
        }
    }

    private static double normalCdf(double z) {
        // Abramowitz and Stegun 7.1.26 (error below 1.5e-7)
        double t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.sqrt(2));
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-z * z / 2);
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
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
