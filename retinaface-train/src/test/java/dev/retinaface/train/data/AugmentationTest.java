package dev.retinaface.train.data;

import dev.retinaface.core.image.Interpolation;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.GroundTruth;
import dev.retinaface.train.match.MatchConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {

    @Test
    void mirrorSwapsLeftAndRightLandmarks() {
        float[] lm = {10, 1, 20, 2, 15, 3, 11, 4, 19, 5};
        List<GroundTruth> m = Augmenter.mirror(List.of(new GroundTruth(new float[] {8, 0, 22, 9}, lm),
                new GroundTruth(new float[] {0, 0, 5, 5}, null)), 100);
        assertArrayEquals(new float[] {78, 0, 92, 9}, m.get(0).box());
        // new left eye = mirrored old right eye, nose stays, mouth corners swap
        assertArrayEquals(new float[] {80, 2, 90, 1, 85, 3, 81, 5, 89, 4}, m.get(0).landmarks());
        assertNull(m.get(1).landmarks());
    }

    @Test
    void resizeKnownAnswers() {
        BgrImage img = new BgrImage(2, 1, new byte[] {0, 0, 0, (byte) 200, (byte) 200, (byte) 200});
        BgrImage nearest = img.resized(4, 1, Interpolation.NEAREST);
        assertEquals(List.of(0, 0, 200, 200), List.of(nearest.get(0, 0, 0), nearest.get(1, 0, 0), nearest.get(2, 0, 0), nearest.get(3, 0, 0)));
        BgrImage linear = img.resized(4, 1, Interpolation.LINEAR);
        // OpenCV: centres at -0.25, 0.25, 0.75, 1.25 of the source -> 0, 50, 150, 200
        assertEquals(List.of(0, 50, 150, 200), List.of(linear.get(0, 0, 1), linear.get(1, 0, 1), linear.get(2, 0, 1), linear.get(3, 0, 1)));
        BgrImage four = new BgrImage(4, 1, new byte[] {10, 10, 10, 30, 30, 30, 50, 50, 50, 71, 71, 71});
        BgrImage area = four.resized(2, 1, Interpolation.AREA);
        assertEquals(20, area.get(0, 0, 2));
        assertEquals(61, area.get(1, 0, 2)); // (50 + 71) / 2 = 60.5 rounds up
        for (Interpolation method : Interpolation.values()) {
            BgrImage flat = BgrImage.filled(7, 5, 9, 99, 199).resized(16, 16, method);
            assertEquals(199, flat.get(15, 15, 2), method.name());
            assertEquals(9, flat.get(3, 8, 0), method.name());
        }
    }

    @Test
    void hsvRoundTripKeepsPrimaryColours() {
        byte[] bgr = {0, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 0, 0, (byte) 128, (byte) 128, (byte) 128, 0, (byte) 255, (byte) 255};
        byte[] hsv = PhotometricDistortion.toHsv(bgr);
        assertEquals(0, hsv[0] & 0xff);        // red: hue 0
        assertEquals(60, hsv[3] & 0xff);       // green: 120 degrees / 2
        assertEquals(120, hsv[6] & 0xff);      // blue
        assertEquals(30, hsv[12] & 0xff);      // yellow
        byte[] back = new byte[bgr.length];
        PhotometricDistortion.fromHsv(hsv, back);
        assertArrayEquals(bgr, back);
    }

    @Test
    void augmentationIsSeededAndKeepsFacesInTheCrop() {
        BgrImage image = BgrImage.filled(300, 200, 50, 100, 150);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                image.data()[3 * (y * 300 + x)] = (byte) (x + y);
            }
        }
        float[] lm = {110, 60, 130, 60, 120, 70, 112, 80, 128, 80};
        List<GroundTruth> faces = List.of(new GroundTruth(new float[] {100, 50, 140, 90}, lm),
                new GroundTruth(new float[] {200, 120, 230, 160}, null));
        Augmenter augmenter = new Augmenter(AugmentConfig.reference(64));
        for (long seed = 0; seed < 20; seed++) {
            AugmentedSample a = augmenter.augment(image, faces, new SplittableRandom(seed));
            AugmentedSample b = augmenter.augment(image, faces, new SplittableRandom(seed));
            assertArrayEquals(a.image().data(), b.image().data());
            assertEquals(64, a.image().width());
            assertFalse(a.faces().isEmpty());
            for (GroundTruth f : a.faces()) {
                float[] box = f.box();
                assertArrayEquals(box, b.faces().get(a.faces().indexOf(f)).box());
                assertTrue(box[0] >= 0 && box[2] <= 1.0001f && box[0] < box[2] && box[1] < box[3], Arrays.toString(box));
            }
        }
    }

    @Test
    void loaderReadsTheSharedTrainingSetReproducibly() throws Exception {
        Path root = SharedData.resolve("widerface/WIDER_train");
        TrainingSet set = TrainingSet.read(root.resolve("label.txt"), root.resolve("images"));
        assertEquals(1_239, set.size() + set.skippedImages());
        assertTrue(set.size() > 1_200);
        TrainingSet few = set.first(6);
        AnchorMatcher matcher = AnchorMatcher.of(PriorConfig.reference(), 160, 160, MatchConfig.reference());
        try (BatchLoader loader = new BatchLoader(few, new Augmenter(AugmentConfig.reference(160)), matcher, 4, 42, 2)) {
            assertEquals(2, loader.batchesPerEpoch());
            Iterator<Batch> epoch = loader.epoch(1, 0);
            Batch first = epoch.next();
            Batch second = epoch.next();
            assertFalse(epoch.hasNext());
            assertEquals(4, first.size());
            assertEquals(2, second.size()); // the last batch is smaller
            Batch again = loader.epoch(1, 1).next(); // resuming at batch 1 gives the same batch
            assertArrayEquals(second.images(), again.images());
            assertArrayEquals(second.targets().get(1).labels(), again.targets().get(1).labels());
            assertFalse(Arrays.equals(loader.order(1), loader.order(2)) && Arrays.equals(loader.order(2), loader.order(3)));
        }
    }
}
