package dev.retinaface.core.detect;

import dev.retinaface.core.anchors.PriorCache;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.core.boxes.BoxCoder;
import dev.retinaface.core.boxes.Nms;
import dev.retinaface.core.boxes.ScoreOrder;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns the raw network outputs of one image into faces in original-image pixels, as the reference
 * {@code detect.py} / {@code test_widerface.py}:
 * <ol>
 *   <li>decode boxes and landmarks against the anchors of the network input size, then multiply by
 *       {@code [W, H, W, H]} and divide by the resize factor (float32, in that order);</li>
 *   <li>keep faces whose probability is above the score threshold;</li>
 *   <li>keep the {@code topK} best by score ({@link ScoreOrder});</li>
 *   <li>{@link Nms} with the +1 pixel convention;</li>
 *   <li>keep the first {@code keepTopK}.</li>
 * </ol>
 * Only anchors above the threshold are decoded: decoding is per anchor, so the values are the same as
 * decoding all of them first. Boxes are not clipped to the image. Thread-safe.
 */
public final class PostProcessor {

    private static final int SCAN_CHUNK = 2048;

    private final PriorConfig priorConfig;
    private final DetectionConfig config;
    private final BoxCoder coder;
    private final Nms nms;
    private final PriorCache priorCache;

    /** A post-processor for a network with anchors {@code priorConfig}, sharing {@code priorCache}. */
    public PostProcessor(PriorConfig priorConfig, DetectionConfig config, PriorCache priorCache) {
        this.priorConfig = Objects.requireNonNull(priorConfig, "priorConfig");
        this.config = Objects.requireNonNull(config, "config");
        this.priorCache = Objects.requireNonNull(priorCache, "priorCache");
        this.coder = BoxCoder.of(priorConfig);
        this.nms = new Nms(config.nmsThreshold());
    }

    /** A post-processor with its own small anchor cache. */
    public PostProcessor(PriorConfig priorConfig, DetectionConfig config) {
        this(priorConfig, config, new PriorCache());
    }

    /** The detection settings. */
    public DetectionConfig config() {
        return config;
    }

    /**
     * Faces of one image, highest score first.
     *
     * @param boxes             box offsets, {@code A * 4} floats (network output {@code (1, A, 4)})
     * @param faceProbabilities face probability per anchor, {@code A} floats (softmax class 1)
     * @param landmarks         landmark offsets, {@code A * 10} floats, or {@code null} for faces without landmarks
     * @param inputHeight       height of the tensor fed to the network
     * @param inputWidth        width of the tensor fed to the network
     * @param scale             resize factor from the original image to the network input (1 for none)
     */
    public List<Face> process(float[] boxes, float[] faceProbabilities, float[] landmarks,
                              int inputHeight, int inputWidth, double scale) {
        Objects.requireNonNull(boxes, "box offsets");
        Objects.requireNonNull(faceProbabilities, "face probabilities");
        return process(FloatBuffer.wrap(boxes), FloatBuffer.wrap(faceProbabilities), 1,
                landmarks == null ? null : FloatBuffer.wrap(landmarks), inputHeight, inputWidth, scale);
    }

    /**
     * Faces of one image, highest score first, read straight from the network's output buffers (e.g. direct buffers
     * ONNX Runtime wrote into): each buffer's values are indices {@code 0} to {@code limit()}, its position is ignored
     * and nothing is copied but the offsets of the anchors above the score threshold.
     *
     * @param boxes           box offsets, {@code A * 4} floats
     * @param scores          {@code A * scoresPerAnchor} floats; the face probability is the last score of each anchor
     *                        (the network's {@code (1, A, 2)} pairs: {@code scoresPerAnchor = 2})
     * @param scoresPerAnchor scores per anchor, at least 1
     * @param landmarks       landmark offsets, {@code A * 10} floats, or {@code null} for faces without landmarks
     * @param inputHeight     height of the tensor fed to the network
     * @param inputWidth      width of the tensor fed to the network
     * @param scale           resize factor from the original image to the network input (1 for none)
     */
    public List<Face> process(FloatBuffer boxes, FloatBuffer scores, int scoresPerAnchor, FloatBuffer landmarks,
                              int inputHeight, int inputWidth, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        if (scoresPerAnchor < 1) {
            throw new IllegalArgumentException("scoresPerAnchor must be >= 1, got " + scoresPerAnchor);
        }
        float[] priors = priorCache.get(priorConfig, inputHeight, inputWidth);
        int anchors = priors.length / 4;
        checkLength("box offsets", boxes, anchors, BoxCoder.BOX, inputHeight, inputWidth);
        checkLength(scoresPerAnchor == 1 ? "face probabilities" : "scores", scores, anchors, scoresPerAnchor,
                inputHeight, inputWidth);
        if (landmarks != null) {
            checkLength("landmark offsets", landmarks, anchors, BoxCoder.LANDMARKS, inputHeight, inputWidth);
        }

        float threshold = config.scoreThreshold();
        int faceScore = scoresPerAnchor - 1;
        int[] candidates = new int[64];
        float[] candidateScores = new float[64];
        int n = 0;
        // scanned in chunks copied to an array: element gets of a direct buffer are slow until fully compiled
        float[] chunk = new float[Math.min(SCAN_CHUNK, anchors) * scoresPerAnchor];
        int perChunk = chunk.length / scoresPerAnchor;
        for (int first = 0; first < anchors; first += perChunk) {
            int count = Math.min(perChunk, anchors - first);
            scores.get(first * scoresPerAnchor, chunk, 0, count * scoresPerAnchor);
            for (int k = 0; k < count; k++) {
                float p = chunk[k * scoresPerAnchor + faceScore];
                if (p > threshold) {
                    if (n == candidates.length) {
                        candidates = Arrays.copyOf(candidates, 2 * n);
                        candidateScores = Arrays.copyOf(candidateScores, 2 * n);
                    }
                    candidates[n] = first + k;
                    candidateScores[n++] = p;
                }
            }
        }
        int[] order = ScoreOrder.descending(Arrays.copyOf(candidateScores, n));
        int m = Math.min(n, config.topK());

        float w = inputWidth;
        float h = inputHeight;
        float resize = (float) scale;
        float[] topBoxes = new float[m * 4];
        float[] topScores = new float[m];
        float[] topLandmarks = landmarks == null ? null : new float[m * BoxCoder.LANDMARKS];
        float[] offsets = new float[BoxCoder.LANDMARKS];
        for (int k = 0; k < m; k++) {
            int anchor = candidates[order[k]];
            topScores[k] = candidateScores[order[k]];
            read(boxes, anchor * BoxCoder.BOX, offsets, BoxCoder.BOX);
            coder.decodeBox(offsets, 0, priors, anchor, topBoxes, 4 * k);
            for (int c = 0; c < 4; c++) {
                topBoxes[4 * k + c] = topBoxes[4 * k + c] * (c % 2 == 0 ? w : h) / resize;
            }
            if (topLandmarks != null) {
                int at = BoxCoder.LANDMARKS * k;
                read(landmarks, anchor * BoxCoder.LANDMARKS, offsets, BoxCoder.LANDMARKS);
                coder.decodeLandmarks(offsets, 0, priors, anchor, topLandmarks, at);
                for (int c = 0; c < BoxCoder.LANDMARKS; c++) {
                    topLandmarks[at + c] = topLandmarks[at + c] * (c % 2 == 0 ? w : h) / resize;
                }
            }
        }

        int[] kept = nms.keep(topBoxes, topScores);
        int count = Math.min(kept.length, config.keepTopK());
        List<Face> faces = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            int k = kept[r];
            Box box = new Box(topBoxes[4 * k], topBoxes[4 * k + 1], topBoxes[4 * k + 2], topBoxes[4 * k + 3]);
            faces.add(new Face(box, topScores[k], points(topLandmarks, k)));
        }
        return faces;
    }

    // element by element: a bulk get of a direct buffer costs more per call than these few floats
    private static void read(FloatBuffer from, int index, float[] to, int count) {
        for (int i = 0; i < count; i++) {
            to[i] = from.get(index + i);
        }
    }

    private static List<Point> points(float[] landmarks, int k) {
        if (landmarks == null) {
            return List.of();
        }
        List<Point> points = new ArrayList<>(Face.LANDMARKS);
        int at = BoxCoder.LANDMARKS * k;
        for (int p = 0; p < Face.LANDMARKS; p++) {
            points.add(new Point(landmarks[at + 2 * p], landmarks[at + 2 * p + 1]));
        }
        return points;
    }

    private static void checkLength(String what, FloatBuffer values, int anchors, int perAnchor, int height,
                                    int width) {
        Objects.requireNonNull(values, what);
        if (values.limit() != (long) anchors * perAnchor) {
            throw new IllegalArgumentException(what + ": a " + width + "x" + height + " input has " + anchors
                    + " anchors, so " + (long) anchors * perAnchor + " floats were expected, got " + values.limit());
        }
    }
}
