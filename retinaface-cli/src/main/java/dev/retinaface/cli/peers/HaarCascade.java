package dev.retinaface.cli.peers;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.BgrImages;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classical peer: OpenCV's Viola-Jones Haar cascade ({@code haarcascade_frontalface_default.xml}) through
 * OpenCV's Java bindings ({@code org.openpnp:opencv}), on the grey, histogram-equalised image at its original size
 * (scale factor 1.1, 3 neighbours, faces from 20 px). A cascade gives no probability; the score is the logistic
 * of the last stage's level weight ({@code detectMultiScale3} with reject levels), which orders detections for the
 * precision-recall curve. The cascade file is fetched by {@code scripts/fetch-peers.sh} (the openpnp jar does not
 * ship the cascades).
 */
public final class HaarCascade implements FaceDetector, AutoCloseable {

    private static boolean loaded;

    private final DetectorConfig config;
    private final ThreadLocal<CascadeClassifier> classifiers;

    /**
     * @param cascadeFile the cascade XML
     * @param config      score threshold (on the logistic score); the rest is ignored
     */
    public HaarCascade(Path cascadeFile, DetectorConfig config) throws PeerException {
        this.config = config;
        if (!Files.isRegularFile(cascadeFile)) {
            throw new PeerException("Haar cascade " + cascadeFile + " not found (run scripts/fetch-peers.sh)");
        }
        loadOpenCv();
        String file = cascadeFile.toAbsolutePath().toString();
        CascadeClassifier probe = new CascadeClassifier(file);
        if (probe.empty()) {
            throw new PeerException("Haar cascade " + cascadeFile + " could not be read by OpenCV");
        }
        // CascadeClassifier is not thread-safe: one per thread
        this.classifiers = ThreadLocal.withInitial(() -> new CascadeClassifier(file));
    }

    private static synchronized void loadOpenCv() throws PeerException {
        if (!loaded) {
            try {
                nu.pattern.OpenCV.loadLocally();
            } catch (RuntimeException | LinkageError e) {
                throw new PeerException("OpenCV's native library could not be loaded: " + e.getMessage(), e);
            }
            loaded = true;
        }
    }

    @Override
    public DetectorConfig config() {
        return config;
    }

    @Override
    public List<Face> detect(BufferedImage image) {
        BufferedImage bgr = BgrImages.toBgr(image);
        Mat color = new Mat(bgr.getHeight(), bgr.getWidth(), CvType.CV_8UC3);
        Mat gray = new Mat();
        MatOfRect rects = new MatOfRect();
        MatOfInt levels = new MatOfInt();
        MatOfDouble weights = new MatOfDouble();
        try {
            color.put(0, 0, ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData());
            Imgproc.cvtColor(color, gray, Imgproc.COLOR_BGR2GRAY);
            Imgproc.equalizeHist(gray, gray);
            classifiers.get().detectMultiScale3(gray, rects, levels, weights, 1.1, 3, 0, new Size(20, 20),
                    new Size(), true);
            Rect[] r = rects.empty() ? new Rect[0] : rects.toArray();
            if (r.length == 0) {
                return List.of();
            }
            double[] w = weights.empty() ? new double[0] : weights.toArray();
            List<Face> faces = new ArrayList<>(r.length);
            for (int i = 0; i < r.length; i++) {
                float score = (float) (1 / (1 + Math.exp(-(i < w.length ? w[i] : 0))));
                if (score > config.minScore()) {
                    faces.add(new Face(new Box(r[i].x, r[i].y, r[i].x + r[i].width, r[i].y + r[i].height), score,
                            List.of()));
                }
            }
            faces.sort((a, b) -> Float.compare(b.score(), a.score()));
            return faces;
        } finally {
            color.release();
            gray.release();
            rects.release();
            levels.release();
            weights.release();
        }
    }

    @Override
    public void close() {
        // classifiers are freed with their threads
    }
}
