package dev.retinaface;

import dev.retinaface.core.anchors.PriorCache;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.zoo.LoadedWeights;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.model.zoo.ModelSpec;
import dev.retinaface.onnx.graph.OnnxExportConfig;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.quant.Int8GraphBuilder;
import dev.retinaface.onnx.quant.Precision;
import dev.retinaface.onnx.runtime.CpuFeatures;
import dev.retinaface.onnx.runtime.DirectBufferPool;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.NetworkOutputs;
import dev.retinaface.onnx.runtime.RawOutputs;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded RetinaFace model: its weights, the ONNX graph built from them and one ONNX Runtime session.
 * Expensive to create (load it once per process: a server, a video pipeline, a Spark executor), thread-safe,
 * and the source of cheap {@link FaceDetector}s, each with its own settings:
 *
 * <pre>{@code
 * try (FaceModel model = FaceModel.load(ModelSource.defaultModel())) {
 *     FaceDetector detector = model.detector(DetectorConfig.defaults().withMinScore(0.6f));
 *     List<Face> faces = detector.detect(Path.of("photo.jpg"));
 * }
 * }</pre>
 *
 * Raw network access ({@link #runNetwork}) and ONNX export ({@link #exportOnnx}) live here, not on detectors.
 */
public final class FaceModel implements AutoCloseable {

    private final LoadedWeights loaded;
    private final RuntimeConfig runtime;
    private final OnnxModelSession session;
    private final PriorCache priors = new PriorCache();
    // input tensors are filled straight into reused direct buffers: no per-image float[] and no copy by ONNX Runtime
    private final DirectBufferPool inputs = new DirectBufferPool(2);
    // outputs are written by ONNX Runtime into reused direct buffers (three per run in flight): copying them into
    // fresh heap arrays faulted in new pages on every run (milliseconds per VGA frame)
    private final DirectBufferPool outputs =
            new DirectBufferPool(3 * Math.min(4, Runtime.getRuntime().availableProcessors()) + 3);

    private FaceModel(LoadedWeights loaded, RuntimeConfig runtime) {
        this.loaded = loaded;
        this.runtime = runtime;
        // on CPU, channel counts padded to the kernels' block avoid layout reorders (same outputs); exportOnnx
        // stays portable
        OnnxExportConfig graphConfig = OnnxExportConfig.defaults()
                .withChannelAlignment(runtime.cuda() ? 1 : CpuFeatures.convChannelBlock());
        byte[] graph = runtime.precision() == Precision.INT8
                ? Int8GraphBuilder.withDefaults(runtime.quantization()).withChannelAlignment(graphConfig.channelAlignment())
                        .build(loaded.spec().network(), loaded.weights())
                : new OnnxGraphBuilder(graphConfig).build(loaded.spec().network(), loaded.weights());
        this.session = new OnnxModelSession(graph, runtime.sessionConfig());
    }

    /** Loads a model on the CPU with all cores. */
    public static FaceModel load(ModelSource source) throws IOException {
        return load(source, RuntimeConfig.defaults());
    }

    /**
     * Resolves and checks the weights, builds the graph and starts the session.
     *
     * @throws dev.retinaface.model.zoo.UnknownModelException      for a name the zoo does not know
     * @throws dev.retinaface.model.zoo.WrongArchitectureException when the weights belong to another architecture
     * @throws dev.retinaface.model.registry.WeightsException      when registry weights cannot be found or verified
     * @throws IOException                                         when a weights file cannot be read
     */
    public static FaceModel load(ModelSource source, RuntimeConfig runtime) throws IOException {
        return new FaceModel(Objects.requireNonNull(source, "source").load(), Objects.requireNonNull(runtime, "runtime"));
    }

    /** A model from weights already checked against their architecture (e.g. from training). */
    public static FaceModel of(LoadedWeights weights, RuntimeConfig runtime) {
        return new FaceModel(Objects.requireNonNull(weights, "weights"), Objects.requireNonNull(runtime, "runtime"));
    }

    /** A detector with the reference defaults ({@link DetectorConfig#defaults()}). */
    public FaceDetector detector() {
        return detector(DetectorConfig.defaults());
    }

    /** A detector with its own settings; cheap, thread-safe, valid until this model is closed. */
    public FaceDetector detector(DetectorConfig config) {
        return new ModelDetector(this, Objects.requireNonNull(config, "config"));
    }

    /** Architecture, anchors and name of the model. */
    public ModelSpec spec() {
        return loaded.spec();
    }

    /** The model's name in the zoo. */
    public String name() {
        return loaded.spec().name();
    }

    /** Where the weights came from (a file path, or "state dict"). */
    public String weightsOrigin() {
        return loaded.origin();
    }

    /** The state dict the graph was built from (read-only). */
    public Map<String, Tensor> weights() {
        return loaded.weights();
    }

    /** How the session runs. */
    public RuntimeConfig runtime() {
        return runtime;
    }

    /** Whether the session runs on the CUDA provider (false when CUDA was asked for but is missing). */
    public boolean usesCuda() {
        return session.usesCuda();
    }

    /** Runs the network alone on an NCHW tensor (benchmarks, tools). */
    public RawOutputs runNetwork(float[] nchw, int batch, int height, int width) {
        return session.run(nchw, batch, height, width);
    }

    /**
     * Runs the network alone on a tensor in a buffer ({@code remaining()} floats, NCHW); a direct native-order buffer
     * is read in place.
     */
    public RawOutputs runNetwork(FloatBuffer nchw, int batch, int height, int width) {
        return session.run(nchw, batch, height, width);
    }

    /**
     * Runs the network alone with its outputs written into pooled direct buffers, as detectors do: nothing is
     * allocated per run. Close the result to give the buffers back.
     */
    public NetworkOutputs runNetworkPooled(FloatBuffer nchw, int batch, int height, int width) {
        return session.runInto(nchw, batch, height, width, anchorCount(height, width), outputs);
    }

    /** Anchors of the model for a {@code height x width} input. */
    public int anchorCount(int height, int width) {
        return priors.get(loaded.spec().priors(), height, width).length / 4;
    }

    /** The portable ONNX graph of this model (batch norm folded, dynamic batch, height and width). */
    public byte[] exportOnnx() {
        return exportOnnx(OnnxExportConfig.defaults());
    }

    /** The ONNX graph of this model built with the given settings. */
    public byte[] exportOnnx(OnnxExportConfig config) {
        return new OnnxGraphBuilder(config).build(loaded.spec().network(), loaded.weights());
    }

    /**
     * The ONNX graph of a model without starting a session (e.g. for {@code export-onnx}): resolves and checks the
     * weights, then builds the graph with the given settings.
     */
    public static byte[] exportOnnx(ModelSource source, OnnxExportConfig config) throws IOException {
        LoadedWeights weights = Objects.requireNonNull(source, "source").load();
        return new OnnxGraphBuilder(config).build(weights.spec().network(), weights.weights());
    }

    PriorCache priorCache() {
        return priors;
    }

    DirectBufferPool inputBuffers() {
        return inputs;
    }

    @Override
    public void close() {
        session.close();
    }
}
