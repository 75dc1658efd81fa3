package dev.retinaface.eval.run;

import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.eval.widerface.WiderPredictions;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Detects faces in every image of a list and writes them in the WIDER FACE prediction layout
 * ({@code OUT/<event>/<name>.txt}). Each worker takes the next image, decodes, detects and writes it, so at most
 * one image per worker is in memory. The first failure stops the run and is rethrown naming the image.
 */
public final class PredictionRun {

    /**
     * What a run did.
     *
     * @param images  images written
     * @param faces   faces written (score above the prediction threshold)
     * @param seconds wall-clock time
     */
    public record Summary(int images, long faces, double seconds) {
        /** Wall-clock seconds per image. */
        public double secondsPerImage() {
            return images == 0 ? 0 : seconds / images;
        }

        /** Images per second. */
        public double imagesPerSecond() {
            return seconds > 0 ? images / seconds : 0;
        }
    }

    private final ImageLoader loader;
    private final double minScore;

    /**
     * @param loader   decodes the images (EXIF orientation applied, as OpenCV's imread)
     * @param minScore faces with a score at or below this are not written (0.02 is customary)
     */
    public PredictionRun(ImageLoader loader, double minScore) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.minScore = minScore;
    }

    /**
     * Runs {@code detectors.size()} workers, one detector each.
     *
     * @param detectors one detector per worker
     * @param onImage   called after each image is written (from worker threads)
     * @throws IOException when an image cannot be read or a prediction file cannot be written
     */
    public Summary run(List<WiderImage> images, Path outDir, List<? extends FaceDetector> detectors,
                       Runnable onImage) throws IOException {
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("at least one detector is needed");
        }
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        AtomicLong faces = new AtomicLong();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(detectors.size(), r -> {
            Thread t = new Thread(r, "evaluate-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (FaceDetector detector : detectors) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < images.size() && !failed.get(); i = next.getAndIncrement()) {
                        try {
                            faces.addAndGet(detectOne(images.get(i), outDir, detector));
                        } catch (RuntimeException | IOException | Error e) {
                            failed.set(true);
                            throw new ImageFailure(images.get(i), e);
                        }
                        written.incrementAndGet();
                        onImage.run();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(written.get(), faces.get(), (System.nanoTime() - start) / 1e9);
    }

    private int detectOne(WiderImage image, Path outDir, FaceDetector detector) throws IOException {
        BufferedImage pixels = loader.load(image.file()).image();
        List<Face> found = detector.detect(pixels);
        WiderPredictions.write(outDir, image.id().event(), image.id().name(), found, minScore);
        return (int) found.stream().filter(f -> f.score() > minScore).count();
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while detecting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImageFailure failure) {
                failure.rethrow();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A worker's failure on one image, carried to the calling thread. */
    private static final class ImageFailure extends RuntimeException {
        private final transient WiderImage image;

        ImageFailure(WiderImage image, Throwable cause) {
            super(image.file() + ": " + cause.getMessage(), cause, false, false);
            this.image = image;
        }

        void rethrow() throws IOException {
            Throwable cause = getCause();
            if (cause instanceof IOException io) {
                // loader and writer messages already name the file
                throw io.getMessage() != null && io.getMessage().contains(image.file().toString())
                        ? io : new IOException(getMessage(), io);
            }
            if (cause instanceof UncheckedIOException uio) {
                throw new IOException(getMessage(), uio.getCause());
            }
            if (cause instanceof OutOfMemoryError) {
                throw new IllegalStateException("out of memory while detecting " + image.file()
                        + ": use fewer workers or give Java more memory");
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("detection failed on " + getMessage(), cause);
        }
    }
}
