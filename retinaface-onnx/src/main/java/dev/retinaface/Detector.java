package dev.retinaface;

import dev.retinaface.core.anchors.PriorCache;
import dev.retinaface.core.detect.DetectionConfig;
import dev.retinaface.core.detect.PostProcessor;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.detect.ResizedInput;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.core.tta.DetectionMerger;
import dev.retinaface.core.tta.FlipUndo;
import dev.retinaface.core.tta.TtaConfig;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.zoo.ModelSpec;
import dev.retinaface.model.zoo.ModelZoo;
import dev.retinaface.onnx.graph.OnnxExportConfig;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.runtime.CpuFeatures;
import dev.retinaface.onnx.runtime.DirectBufferPool;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds faces with a RetinaFace model on ONNX Runtime. Build once, use from any number of threads, close
 * when done (it holds a native session):
 *
 * <pre>{@code
 * try (Detector detector = Detector.builder().model("mobilenet0.25").build()) {
 *     List<Face> faces = detector.detect(Path.of("photo.jpg"));
 * }
 * }</pre>
 *
 * Pre- and post-processing follow the reference implementation: BGR minus (104, 117, 123), the image at
 * its original size unless a {@link ResizePolicy} says otherwise, decoding against the model's own anchors,
 * score threshold, top 5,000, NMS 0.4, keep 750, coordinates in pixels of the given image.
 */
public final class Detector implements AutoCloseable {

    private final ModelSpec model;
    private final DetectionConfig config;
    private final ResizePolicy resize;
    private final TtaConfig tta;
    private final OnnxModelSession session;
    private final PostProcessor postProcessor;
    private final DetectionMerger merger;
    private final ImageLoader loader = new ImageLoader();
    // input tensors are filled straight into reused direct buffers: no per-image float[] and no copy by ONNX Runtime
    private final DirectBufferPool inputs = new DirectBufferPool(2);

    private Detector(Builder b, ModelSpec model, Map<String, Tensor> weights) {
        this.model = model;
        this.config = b.detection;
        this.resize = b.resize;
        this.tta = b.tta;
        // on CPU, channel counts padded to the kernels' block avoid layout reorders (same outputs); the exported
        // graph (exportOnnx) stays portable
        OnnxExportConfig graphConfig = OnnxExportConfig.defaults()
                .withChannelAlignment(b.cuda ? 1 : CpuFeatures.convChannelBlock());
        byte[] graph = new OnnxGraphBuilder(graphConfig).build(model.network(), weights);
        SessionConfig sessionConfig = SessionConfig.defaults();
        if (b.threads > 0) {
            sessionConfig = sessionConfig.withIntraOpThreads(b.threads);
        }
        if (b.cuda) {
            sessionConfig = sessionConfig.withCuda(0);
        }
        this.session = new OnnxModelSession(graph, sessionConfig);
        this.postProcessor = new PostProcessor(model.priors(), config, new PriorCache());
        this.merger = DetectionMerger.of(tta);
    }

    /** A builder with the reference defaults (model mobilenet0.25, score 0.5, original size, no TTA). */
    public static Builder builder() {
        return new Builder();
    }

    /** The model this detector runs. */
    public ModelSpec model() {
        return model;
    }

    /** The post-processing settings. */
    public DetectionConfig config() {
        return config;
    }

    /** Loads an image file (EXIF orientation applied) and returns its faces, best first. */
    public List<Face> detect(Path imageFile) throws IOException {
        return detect(loader.load(imageFile).image());
    }

    /**
     * Faces of an image, best first, in its pixel coordinates. Any image type is accepted; 8-bit BGR
     * ({@link BufferedImage#TYPE_3BYTE_BGR}) avoids a conversion.
     */
    public List<Face> detect(BufferedImage image) {
        BufferedImage bgr = BgrImages.toBgr(image);
        if (tta.runs() == 1 && !tta.flip()) {
            return run(bgr, effective(tta.scales().get(0)), false);
        }
        List<List<Face>> runs = new ArrayList<>();
        for (ResizePolicy scale : tta.scales()) {
            runs.add(run(bgr, scale, false));
            if (tta.flip()) {
                runs.add(run(bgr, scale, true));
            }
        }
        return merger.merge(runs);
    }

    /**
     * Faces of several images. Images whose network input has the same size run as one batch; results are
     * in input order and equal to {@link #detect(BufferedImage)} on each image.
     */
    public List<List<Face>> detectAll(List<BufferedImage> images) {
        if (tta.runs() != 1 || tta.flip()) {
            return images.stream().map(this::detect).toList();
        }
        List<List<Face>> results = new ArrayList<>();
        int i = 0;
        while (i < images.size()) {
            BufferedImage first = BgrImages.toBgr(images.get(i));
            ResizedInput size = resize.resize(first.getWidth(), first.getHeight());
            List<BufferedImage> batch = new ArrayList<>(List.of(first));
            int j = i + 1;
            while (j < images.size() && batch.size() < MAX_BATCH) {
                BufferedImage next = BgrImages.toBgr(images.get(j));
                if (!resize.resize(next.getWidth(), next.getHeight()).equals(size)) {
                    break;
                }
                batch.add(next);
                j++;
            }
            results.addAll(runBatch(batch, size));
            i = j;
        }
        return results;
    }

    private static final int MAX_BATCH = 8;

    /** The scale policy of a single run: the detector's resize policy stands in for "original". */
    private ResizePolicy effective(ResizePolicy scale) {
        return scale instanceof ResizePolicy.Original ? resize : scale;
    }

    private List<Face> run(BufferedImage bgr, ResizePolicy policy, boolean flip) {
        ResizedInput in = policy.resize(bgr.getWidth(), bgr.getHeight());
        FloatBuffer tensor = inputs.borrow(ImageTensors.size(in.width(), in.height()));
        RawOutputs out;
        try {
            fill(bgr, in, tensor, 0, flip);
            out = session.run(tensor, 1, in.height(), in.width());
        } finally {
            inputs.release(tensor);
        }
        List<Face> faces = decode(out, 0, in);
        return flip ? FlipUndo.unflip(faces, bgr.getWidth()) : faces;
    }

    private List<List<Face>> runBatch(List<BufferedImage> batch, ResizedInput in) {
        int per = ImageTensors.size(in.width(), in.height());
        FloatBuffer tensor = inputs.borrow(Math.multiplyExact(per, batch.size()));
        RawOutputs out;
        try {
            for (int k = 0; k < batch.size(); k++) {
                fill(batch.get(k), in, tensor, k * per, false);
            }
            out = session.run(tensor, batch.size(), in.height(), in.width());
        } finally {
            inputs.release(tensor);
        }
        List<List<Face>> results = new ArrayList<>();
        for (int k = 0; k < batch.size(); k++) {
            results.add(decode(out, k, in));
        }
        return results;
    }

    private static void fill(BufferedImage bgr, ResizedInput in, FloatBuffer tensor, int offset, boolean flip) {
        if (in.isIdentity()) {
            ImageTensors.toNchw(bgr, tensor, offset, flip);
        } else {
            ImageTensors.toNchwScaled(bgr, in.scale(), tensor, offset, flip);
        }
    }

    private List<Face> decode(RawOutputs out, int item, ResizedInput in) {
        float[] pairs = out.scores()[item];
        float[] faceProbability = new float[pairs.length / 2];
        for (int a = 0; a < faceProbability.length; a++) {
            faceProbability[a] = pairs[2 * a + 1];
        }
        return postProcessor.process(out.boxes()[item], faceProbability, out.landmarks()[item],
                in.height(), in.width(), in.scale());
    }

    /** Runs the network alone on a prepared NCHW tensor (benchmarks, tools). */
    public RawOutputs runNetwork(float[] nchw, int batch, int height, int width) {
        return session.run(nchw, batch, height, width);
    }

    /**
     * Runs the network alone on a tensor in a buffer ({@code remaining()} floats, NCHW); a direct native-order buffer
     * is read in place (benchmarks, tools).
     */
    public RawOutputs runNetwork(FloatBuffer nchw, int batch, int height, int width) {
        return session.run(nchw, batch, height, width);
    }

    /** The ONNX graph of a named model (or of a weights file for its architecture). */
    public static byte[] exportOnnx(String modelName, Path weightsFile) throws IOException {
        ModelSpec spec = ModelZoo.get(modelName);
        return new OnnxGraphBuilder().build(spec.network(), ModelZoo.loadWeights(spec, weightsFile));
    }

    @Override
    public void close() {
        session.close();
    }

    /** Settings of a {@link Detector}; every setter has a sensible default. */
    public static final class Builder {
        private String modelName = ModelZoo.DEFAULT_MODEL;
        private Path weightsFile;
        private Map<String, Tensor> weights;
        private int threads;
        private boolean cuda;
        private DetectionConfig detection = DetectionConfig.defaults();
        private ResizePolicy resize = new ResizePolicy.Original();
        private TtaConfig tta = TtaConfig.none();

        private Builder() {
        }

        /** Named model (see {@link ModelZoo#names()}); default {@code mobilenet0.25}. */
        public Builder model(String name) {
            this.modelName = Objects.requireNonNull(name, "model name");
            return this;
        }

        /** A weights file for the model's architecture instead of the registry's (null = registry). */
        public Builder weights(Path file) {
            this.weightsFile = file;
            return this;
        }

        /** Weights already in memory (e.g. straight from training), keyed by checkpoint names. */
        public Builder weights(Map<String, Tensor> stateDict) {
            this.weights = stateDict;
            return this;
        }

        /** Inference threads; 0 (default) uses every core. */
        public Builder threads(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("threads must be >= 0, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** Use ONNX Runtime's CUDA provider when present (falls back to CPU with a warning). */
        public Builder cuda(boolean enabled) {
            this.cuda = enabled;
            return this;
        }

        /** Score threshold, top-k, NMS and keep-top-k. */
        public Builder detection(DetectionConfig config) {
            this.detection = Objects.requireNonNull(config, "detection config");
            return this;
        }

        /** Shortcut for {@code detection(detection.withScoreThreshold(s))}. */
        public Builder minScore(float score) {
            this.detection = detection.withScoreThreshold(score);
            return this;
        }

        /** Input size policy (default: original size). */
        public Builder resize(ResizePolicy policy) {
            this.resize = Objects.requireNonNull(policy, "resize policy");
            return this;
        }

        /** Test-time augmentation (default: none). */
        public Builder tta(TtaConfig config) {
            this.tta = Objects.requireNonNull(config, "tta config");
            return this;
        }

        /** Loads the weights, builds the graph and starts the session. */
        public Detector build() throws IOException {
            ModelSpec spec = ModelZoo.get(modelName);
            Map<String, Tensor> w = weights != null ? weights : ModelZoo.loadWeights(spec, weightsFile);
            return new Detector(this, spec, w);
        }
    }
}
