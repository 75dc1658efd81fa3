package dev.retinaface;

import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.testsupport.FaceAssertions;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches, threads, wrong weights and closing of the public {@link Detector}. */
class DetectorTest {

    private static Detector detector;
    private static BufferedImage selfie;

    @BeforeAll
    static void start() throws IOException {
        selfie = new ImageLoader().load(SharedData.resolve("images/selfie.png")).image();
        detector = Detector.builder().weights(SharedData.resolve("weights/mobilenet0.25_Final.pth")).build();
    }

    @AfterAll
    static void stop() {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void detectAllEqualsSingleDetectsInInputOrder() {
        // two same-size images run as one batch; the crop and the last selfie as batches of their own
        List<BufferedImage> images = List.of(selfie, mirrored(selfie), selfie.getSubimage(100, 50, 512, 400), selfie);

        List<List<Face>> batch = detector.detectAll(images);

        assertEquals(images.size(), batch.size());
        for (int i = 0; i < images.size(); i++) {
            List<Face> single = detector.detect(images.get(i));
            assertFalse(single.isEmpty(), "image " + i + " has faces");
            FaceAssertions.assertSameFaces(single, batch.get(i), 1e-3, 1e-5, "image " + i);
        }
    }

    @Test
    void concurrentDetectsEqualSequentialOnes() throws Exception {
        List<BufferedImage> images = List.of(selfie, mirrored(selfie), selfie.getSubimage(0, 0, 640, 480), selfie);
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
    void weightsOfAnotherArchitectureNameTheModelAndSuggestTheRightOne() {
        IOException e = assertThrows(IOException.class, () -> Detector.builder().model("mobilenet0.25")
                .weights(SharedData.resolve("weights/face-detector-1mb/slim_Final.pth")).build());

        assertTrue(e.getMessage().contains("slim_Final.pth"), e.getMessage());
        assertTrue(e.getMessage().contains("'mobilenet0.25'"), e.getMessage());
        assertTrue(e.getMessage().contains("--model 1mb-slim"), e.getMessage());
    }

    @Test
    void detectAfterCloseFailsClearly() throws IOException {
        Detector closed = Detector.builder().weights(SharedData.resolve("weights/face-detector-1mb/slim_Final.pth"))
                .model("1mb-slim").build();
        closed.close();
        closed.close(); // closing twice is harmless

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> closed.detect(selfie));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    private static BufferedImage mirrored(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, image.getWidth(), 0, -image.getWidth(), image.getHeight(), null);
        g.dispose();
        return out;
    }
}
