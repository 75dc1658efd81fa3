package dev.retinaface.video;

import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.video.roi.RegionRefiner;
import dev.retinaface.video.track.FaceTracker;
import dev.retinaface.video.track.TrackedFace;
import org.bytedeco.javacv.Frame;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decode → detect → track → outputs, with the stages running concurrently: a decoding thread fills a bounded queue
 * of frames, each frame's detection runs on a pool of workers as soon as it is decoded, and the calling thread takes
 * frames in order, tracks them and hands them to the outputs (JSON, annotated and anonymised video, crops). Frames
 * live in a fixed pool of images, so memory does not grow with the length of the input.
 *
 * <p>{@link #stop()} (e.g. from a shutdown hook) ends decoding; frames already decoded are finished and every output
 * is closed, so partial files play. A source that fails mid-way (a dropped stream) ends the run the same way, and the
 * failure is then thrown. Built only on {@link FaceDetector}; a null detector decodes and writes without detecting
 * (for benchmarks).
 *
 * <p>With {@code detectEvery > 1} and {@link BetweenDetections#ROI}, the frames between full detections run the
 * detector on crops around the tracks' expected boxes ({@link RegionRefiner}) on the tracking thread, since they need
 * the tracks of the frame before: one more detector call in flight than {@code workers}.
 */
public final class VideoPipeline {

    private final FaceDetector detector;
    private final PipelineConfig config;
    private volatile boolean stopRequested;
    private final CountDownLatch finished = new CountDownLatch(1);

    public VideoPipeline(FaceDetector detector, PipelineConfig config) {
        this.detector = detector;
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Asks a running pipeline to end early; outputs are still closed properly. */
    public void stop() {
        stopRequested = true;
    }

    /** Waits until {@link #run} has closed its outputs (for shutdown hooks), at most {@code millis}. */
    public boolean awaitFinished(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    private sealed interface Item permits VideoItem, AudioItem, End {
    }

    private record VideoItem(VideoFrame frame, Future<List<Face>> faces, boolean cut, float[] shift) implements Item {
    }

    private record AudioItem(Frame samples) implements Item {
    }

    private record End(VideoException error) implements Item {
    }

    /**
     * Runs the source through to its end (or a stop) and closes the outputs. The source stays open (the caller owns it).
     *
     * @throws VideoException when the source fails to decode or an output fails to write (after closing them all)
     */
    public VideoSummary run(VideoSource source, List<FrameOutput> outputs, ProgressListener progress)
            throws VideoException {
        int width = source.width();
        int height = source.height();
        boolean withAudio = source.audioChannels() > 0;
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(config.queueFrames());
        BlockingQueue<BufferedImage> pool = new ArrayBlockingQueue<>(config.queueFrames() + config.workers() + 2);
        while (pool.remainingCapacity() > 0) {
            pool.add(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR));
        }
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "retinaface-detect-" + workerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Thread decoder = new Thread(() -> decode(source, withAudio, queue, pool, workers), "retinaface-decode");
        decoder.setDaemon(true);
        FaceTracker tracker = new FaceTracker(config.tracker());
        RegionRefiner refiner = detector != null && config.detectEvery() > 1 && config.between() == BetweenDetections.ROI
                ? RegionRefiner.of(detector, width, height, config.roiBudget()).orElse(null) : null;
        long refined = 0;
        long start = System.nanoTime();
        long frames = 0;
        long detected = 0;
        long faceFrames = 0;
        long lastTimestamp = 0;
        VideoException failure = null;
        long total = source.lengthInFrames();
        decoder.start();
        try {
            while (true) {
                Item item = queue.take();
                if (item instanceof End end) {
                    failure = end.error();
                    break;
                }
                if (item instanceof AudioItem audio) {
                    for (FrameOutput out : outputs) {
                        out.audio(audio.samples());
                    }
                    continue;
                }
                VideoItem video = (VideoItem) item;
                List<TrackedFace> faces;
                if (video.cut()) {
                    tracker.reset();
                } else {
                    tracker.moveCamera(video.shift()[0], video.shift()[1], video.shift()[2], width / 2f, height / 2f);
                }
                if (video.faces() == null && refiner != null) {
                    RegionRefiner.Result result = refiner.detect(video.frame().image(), tracker.expectedBoxes());
                    if (result.plan().detects()) {
                        faces = tracker.update(result.faces(), result.plan()::searches);
                        detected += result.plan().wholeFrame() ? 1 : 0;
                        refined += result.plan().wholeFrame() ? 0 : 1;
                    } else {
                        faces = tracker.predict();
                    }
                } else if (video.faces() == null) {
                    faces = detector == null ? List.of() : tracker.predict();
                } else {
                    faces = tracker.update(video.faces().get());
                    detected++;
                }
                for (FrameOutput out : outputs) {
                    out.accept(video.frame(), faces);
                }
                pool.put(video.frame().image());
                frames++;
                faceFrames += faces.size();
                lastTimestamp = video.frame().timestampMicros();
                double elapsed = (System.nanoTime() - start) / 1e9;
                progress.progress(frames, total, lastTimestamp / 1e6, elapsed > 0 ? frames / elapsed : 0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failure = new VideoException(source.name(), "detection failed (" + VideoSource.firstLine(cause) + ")", cause);
        } catch (VideoException e) {
            failure = e;
        } catch (RuntimeException e) {
            // a detection on crops (this thread) or an output failed: reported, not swallowed by the return below
            failure = new VideoException(source.name(), "processing failed (" + VideoSource.firstLine(e) + ")", e);
        } finally {
            stopRequested = stopRequested || failure != null;
            boolean stoppedEarly = stopRequested;
            stopRequested = true;
            queue.clear();
            // unblock a decoder waiting for a free image
            pool.offer(new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR));
            queue.clear();
            try {
                decoder.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workers.shutdownNow();
            VideoException closeFailure = closeAll(outputs);
            if (failure == null) {
                failure = closeFailure;
            }
            finished.countDown();
            if (failure != null) {
                throw failure;
            }
            double wall = (System.nanoTime() - start) / 1e9;
            return new VideoSummary(frames, detected, refined, tracker.tracksStarted(), faceFrames, wall,
                    frames / source.frameRate(), stoppedEarly && !sourceEnded);
        }
    }

    private volatile boolean sourceEnded;
    private static final float[] NO_SHIFT = {1, 0, 0};

    private void decode(VideoSource source, boolean withAudio, BlockingQueue<Item> queue,
                        BlockingQueue<BufferedImage> pool, ExecutorService workers) {
        VideoException error = null;
        long index = 0;
        int sinceDetection = config.detectEvery();
        SceneCutDetector cuts = new SceneCutDetector(detector == null ? 0 : config.sceneCut());
        CameraMotion motion = detector != null && config.cameraMotion() ? new CameraMotion(source.width(), source.height()) : null;
        try {
            while (!stopRequested) {
                Frame frame = source.next(withAudio);
                if (frame == null) {
                    sourceEnded = true;
                    break;
                }
                if (frame.image != null && frame.imageWidth > 0) {
                    BufferedImage image = pool.take();
                    if (stopRequested || image.getWidth() != source.width()) {
                        break;
                    }
                    copyPixels(frame, image);
                    VideoFrame vf = new VideoFrame(index, frame.timestamp, image);
                    boolean cut = cuts.isCut(image);
                    if (cut && motion != null) {
                        motion.reset();
                    }
                    float[] shift = motion != null ? motion.next(image) : NO_SHIFT;
                    Future<List<Face>> faces = null;
                    // a cut always gets a detection, so faces of the new scene are found (and masked) at once
                    if (detector != null && (cut || sinceDetection >= config.detectEvery())) {
                        faces = workers.submit(() -> detector.detect(image));
                        sinceDetection = 0;
                    }
                    sinceDetection++;
                    index++;
                    offer(queue, new VideoItem(vf, faces, cut, shift));
                } else if (withAudio && frame.samples != null) {
                    offer(queue, new AudioItem(frame.clone()));
                }
            }
        } catch (VideoException e) {
            error = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            error = new VideoException(source.name(), "decoding failed (" + VideoSource.firstLine(e) + ")", e);
        } finally {
            try {
                queue.put(new End(error));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Puts an item, giving up when the pipeline stops (the consumer may have left). */
    private void offer(BlockingQueue<Item> queue, Item item) throws InterruptedException {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
            if (stopRequested) {
                return;
            }
        }
    }

    private static void copyPixels(Frame frame, BufferedImage image) {
        byte[] target = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        ByteBuffer source = ((ByteBuffer) frame.image[0]).duplicate();
        int rowBytes = image.getWidth() * 3;
        int stride = frame.imageStride;
        if (stride == rowBytes) {
            source.position(0);
            source.get(target, 0, rowBytes * image.getHeight());
        } else {
            for (int y = 0; y < image.getHeight(); y++) {
                source.position(y * stride);
                source.get(target, y * rowBytes, rowBytes);
            }
        }
    }

    private static VideoException closeAll(List<FrameOutput> outputs) {
        VideoException first = null;
        for (FrameOutput out : outputs) {
            try {
                out.close();
            } catch (VideoException e) {
                if (first == null) {
                    first = e;
                }
            } catch (Exception e) {
                if (first == null) {
                    first = new VideoException(String.valueOf(out), "close failed", e);
                }
            }
        }
        return first;
    }

}
