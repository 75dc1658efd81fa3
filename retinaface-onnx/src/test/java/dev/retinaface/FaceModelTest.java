package dev.retinaface;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.testsupport.FaceAssertions;
import dev.retinaface.core.tta.TtaConfig;
import dev.retinaface.model.nets.Slim;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.model.zoo.ModelZoo;
import dev.retinaface.model.zoo.UnknownModelException;
import dev.retinaface.model.zoo.WrongArchitectureException;
import dev.retinaface.onnx.graph.RandomWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model / detector split without ../shared: seeded random weights of the default architecture, synthetic
 * pictures. Batches, threads, detectors with their own settings, typed errors and closing.
 */
class FaceModelTest {

    private static FaceModel model;
    private static FaceDetector detector;
    private static BufferedImage picture;

    @BeforeAll
    static void start() throws Exception {
        var network = ModelZoo.get("mobilenet0.25").network();
        model = FaceModel.load(ModelSource.stateDict("mobilenet0.25", RandomWeights.forNetwork(network, 7)));
        // random weights give arbitrary scores: keep every candidate so results are never trivially empty
        detector = model.detector(DetectorConfig.defaults().withMinScore(0f));
        picture = blobs(320, 240, 1);
    }

    @AfterAll
    static void stop() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void detectAllEqualsSingleDetectsInInputOrder() {
        // two same-size images run as one batch; the smaller one and the last as batches of their own
        List<BufferedImage> images = List.of(picture, blobs(320, 240, 2), blobs(200, 160, 3), picture);

        List<List<Face>> batch = detector.detectAll(images);

        assertEquals(images.size(), batch.size());
        for (int i = 0; i < images.size(); i++) {
            List<Face> single = detector.detect(images.get(i));
            assertFalse(single.isEmpty(), "image " + i + " has candidates");
            FaceAssertions.assertSameFaces(single, batch.get(i), 1e-3, 1e-5, "image " + i);
        }
    }

    @Test
    void detectAndDetectAllAgreeForASingleNonOriginalTtaScale() {
        // one TTA run at a fixed scale: both paths must run at that scale (they used to disagree)
        FaceDetector scaled = model.detector(DetectorConfig.defaults().withMinScore(0f)
                .withTta(TtaConfig.none().withScales(List.of(new ResizePolicy.FixedScale(0.5)))));
        FaceDetector resized = model.detector(DetectorConfig.defaults().withMinScore(0f)
                .withResize(new ResizePolicy.FixedScale(0.5)));

        List<Face> single = scaled.detect(picture);
        assertEquals(single, scaled.detectAll(List.of(picture)).get(0));
        assertEquals(single, resized.detect(picture));
        assertTrue(!single.equals(detector.detect(picture)), "the scale is applied");
    }

    @Test
    void detectorsKeepTheirOwnSettingsOnOneModel() {
        FaceDetector strict = model.detector(DetectorConfig.defaults().withMinScore(0.9f));
        List<Face> all = detector.detect(picture);
        List<Face> kept = strict.detect(picture);

        assertEquals(all.stream().filter(f -> f.score() > 0.9f).count(), kept.size());
        assertEquals(0.9f, strict.config().minScore());
        assertEquals(0f, detector.config().minScore());
    }

    @Test
    void concurrentDetectsEqualSequentialOnes() throws Exception {
        List<BufferedImage> images = List.of(picture, blobs(320, 240, 4), blobs(160, 120, 5), picture);
        List<List<Face>> sequential = new ArrayList<>();
        for (BufferedImage image : images) {
            sequential.add(detector.detect(image));
        }

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Face>>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (BufferedImage image : images) {
                    futures.add(pool.submit(() -> detector.detect(image)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                FaceAssertions.assertSameFaces(sequential.get(k % images.size()), futures.get(k).get(), 1e-4, 1e-6,
                        "concurrent run " + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void weightsOfAnotherArchitectureAreATypedErrorThatSuggestsTheRightModel() {
        var slimWeights = RandomWeights.forNetwork(Slim.retinaFace(), 3);

        WrongArchitectureException e = assertThrows(WrongArchitectureException.class,
                () -> FaceModel.load(ModelSource.stateDict("mobilenet0.25", slimWeights)));

        assertEquals("mobilenet0.25", e.model());
        assertEquals("1mb-slim", e.suggestedModel().orElseThrow());
        assertFalse(e.check().matches());
        assertFalse(e.getMessage().contains("--model"), "library messages do not speak CLI: " + e.getMessage());
    }

    @Test
    void unknownModelNamesAreATypedError() {
        UnknownModelException e = assertThrows(UnknownModelException.class,
                () -> FaceModel.load(ModelSource.named("mobilenet9")));
        assertEquals("mobilenet9", e.name());
        assertTrue(e.known().contains("mobilenet0.25"));
    }

    @Test
    void detectAfterCloseFailsClearly() throws Exception {
        FaceModel closed = FaceModel.load(ModelSource.stateDict("1mb-slim", RandomWeights.forNetwork(Slim.retinaFace(), 3)));
        FaceDetector d = closed.detector();
        closed.close();
        closed.close(); // closing twice is harmless

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.detect(picture));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    /** A picture with a few smooth blobs, so the network sees structure; seeded. */
    static BufferedImage blobs(int width, int height, long seed) {
        Random rnd = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
            int s = 20 + rnd.nextInt(Math.min(width, height) / 2);
            g.fillOval(rnd.nextInt(width - s / 2), rnd.nextInt(height - s / 2), s, s);
        }
        g.dispose();
        return image;
    }
}
