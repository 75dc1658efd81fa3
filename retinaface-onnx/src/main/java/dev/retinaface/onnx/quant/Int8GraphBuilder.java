package dev.retinaface.onnx.quant;

import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.checkpoint.TensorDigest;
import dev.retinaface.onnx.graph.OnnxExportConfig;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.graph.OnnxGraphSpec;
import dev.retinaface.onnx.graph.OnnxProtoEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the int8 (QDQ) ONNX model of a network from the same architecture description as the float one: the float
 * graph of {@link OnnxGraphBuilder} (heads fused, no channel padding), activation ranges calibrated on training
 * images (cached by weights digest and method), then {@link QdqRewriter}. Inputs, outputs and the dynamic N, H, W
 * are those of the float graph. The model's {@code metadata_props} record the settings and the layers kept in float
 * (keys {@value #METADATA_PREFIX}*).
 */
public final class Int8GraphBuilder {

    /** Prefix of the metadata keys written into the model. */
    public static final String METADATA_PREFIX = "retinaface.quantization.";

    /** Supplies calibration images when no cached table fits (so that cached use needs no image folder). */
    @FunctionalInterface
    public interface ImageSource {
        /**
         * @param count  number of images
         * @param resize the detector's resize policy ({@link QuantizationConfig#calibrationResize()}), to be applied
         *               to every image as the detector applies it
         */
        CalibrationImages open(int count, ResizePolicy resize) throws IOException;
    }

    private final QuantizationConfig config;
    private final ImageSource images;
    private final CalibrationCache cache;
    private final int threads;
    private final int channelAlignment;

    /**
     * @param images  calibration images, opened only when the table is not cached
     * @param cache   where tables are kept; null for none
     * @param threads ONNX Runtime threads for calibration runs
     */
    public Int8GraphBuilder(QuantizationConfig config, ImageSource images, CalibrationCache cache, int threads) {
        this(config, images, cache, threads, 1);
    }

    private Int8GraphBuilder(QuantizationConfig config, ImageSource images, CalibrationCache cache, int threads,
                             int channelAlignment) {
        this.channelAlignment = channelAlignment;
        this.config = Objects.requireNonNull(config, "config");
        this.images = Objects.requireNonNull(images, "images");
        this.cache = cache;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /** Default image folder ({@link FolderCalibrationImages#defaultFolder()}) and default cache. */
    public static Int8GraphBuilder withDefaults(QuantizationConfig config) {
        return new Int8GraphBuilder(config, Int8GraphBuilder::defaultImages, CalibrationCache.defaultCache(),
                Runtime.getRuntime().availableProcessors());
    }

    private static CalibrationImages defaultImages(int count, ResizePolicy resize) throws IOException {
        return new FolderCalibrationImages(FolderCalibrationImages.defaultFolder().orElseThrow(() ->
                new QuantizationException("int8 needs calibration images once per weights and method: set "
                        + FolderCalibrationImages.FOLDER_VARIABLE + " to a folder of training images (e.g. "
                        + "WIDER_train/images) or RETINAFACE_SHARED to the shared data folder")), count, resize);
    }

    /**
     * The same builder emitting the float convolutions (those kept in float) with channels padded to this multiple
     * ({@code OnnxExportConfig#withChannelAlignment}); calibration always runs on the unpadded graph.
     */
    public Int8GraphBuilder withChannelAlignment(int alignment) {
        return new Int8GraphBuilder(config, images, cache, threads, alignment);
    }

    public QuantizationConfig config() {
        return config;
    }

    /** The float graph that is calibrated and quantised. */
    static OnnxGraphSpec floatGraph(Network network, Map<String, Tensor> weights) {
        return new OnnxGraphBuilder(OnnxExportConfig.defaults()).buildGraph(network, weights);
    }

    private OnnxGraphSpec paddedGraph(Network network, Map<String, Tensor> weights) {
        return new OnnxGraphBuilder(OnnxExportConfig.defaults().withChannelAlignment(channelAlignment))
                .buildGraph(network, weights);
    }

    /** The calibration table of these weights (from the cache, else measured and cached). */
    public CalibrationTable calibrate(Network network, Map<String, Tensor> weights) {
        return calibrate(floatGraph(network, weights), TensorDigest.of(weights));
    }

    private CalibrationTable calibrate(OnnxGraphSpec graph, String digest) {
        // every tensor any float-layer choice can quantise: the plan with nothing kept in float, Relu inputs included
        QuantizationConfig all = config.withFloatLayers(false, false).withFloatConvs(Set.of());
        List<String> tensors = new ArrayList<>(QdqPlan.of(graph, all, false).tensors());
        if (cache != null) {
            // a cached table missing any of them (cut short, edited, made by other code) is measured again
            var cached = cache.load(digest, config).filter(t -> t.ranges().keySet().containsAll(tensors));
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        CalibrationImages source = openImages();
        Map<String, TensorRange> ranges = new ActivationCalibrator(threads)
                .calibrate(graph, tensors, source, config.method(), config.percentile());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("method", config.method().id());
        if (config.method() == CalibrationMethod.PERCENTILE) {
            header.put("percentile", Double.toString(config.percentile()));
        }
        header.put("weights", digest);
        header.put("images", source.description());
        header.put("size", config.calibrationResize().text());
        CalibrationTable table = new CalibrationTable(header, ranges);
        if (cache != null) {
            cache.store(digest, config, table);
        }
        return table;
    }

    private CalibrationImages openImages() {
        try {
            return images.open(config.calibrationImages(), config.calibrationResize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the calibration images: " + e.getMessage(), e);
        }
    }

    /** The quantised graph with a given table (no calibration run). */
    public OnnxGraphSpec buildGraph(Network network, Map<String, Tensor> weights, CalibrationTable table) {
        OnnxGraphSpec graph = paddedGraph(network, weights);
        return QdqRewriter.rewrite(graph, plan(graph), table, config.scheme());
    }

    private QdqPlan plan(OnnxGraphSpec graph) {
        return QdqPlan.of(graph, config, config.scheme() == ActivationScheme.UINT8_ASYMMETRIC);
    }

    /**
     * The empirical bias corrections of these weights under a table (from the cache, else measured on the
     * calibration images and cached); see {@link BiasCorrection}.
     */
    public BiasCorrection biasCorrection(Network network, Map<String, Tensor> weights, CalibrationTable table) {
        return biasCorrection(floatGraph(network, weights), TensorDigest.of(weights), table);
    }

    private BiasCorrection biasCorrection(OnnxGraphSpec graph, String digest, CalibrationTable table) {
        if (cache != null) {
            // only a file covering exactly the convs this plan corrects is used; any other is measured again
            Set<String> convs = BiasCorrection.correctedConvs(graph, plan(graph));
            var cached = cache.loadBiasCorrection(digest, config)
                    .filter(c -> c.corrections().keySet().equals(convs));
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        CalibrationImages source = openImages();
        BiasCorrection correction = BiasCorrection.measure(graph, plan(graph), table, config.scheme(), source,
                threads);
        if (cache != null) {
            cache.storeBiasCorrection(digest, config, correction);
        }
        return correction;
    }

    /** The serialised int8 model, calibrating first when the table is not cached. */
    public byte[] build(Network network, Map<String, Tensor> weights) {
        String digest = TensorDigest.of(weights);
        OnnxGraphSpec floatGraph = floatGraph(network, weights);
        CalibrationTable table = calibrate(floatGraph, digest);
        BiasCorrection correction = config.biasCorrection() ? biasCorrection(floatGraph, digest, table) : null;
        return encode(paddedGraph(network, weights), table, digest, correction);
    }

    /** The serialised int8 model with a given table (bias corrections, when configured, from the cache or measured). */
    public byte[] build(Network network, Map<String, Tensor> weights, CalibrationTable table) {
        String digest = TensorDigest.of(weights);
        BiasCorrection correction = config.biasCorrection()
                ? biasCorrection(floatGraph(network, weights), digest, table) : null;
        return encode(paddedGraph(network, weights), table, digest, correction);
    }

    private byte[] encode(OnnxGraphSpec floatGraph, CalibrationTable table, String digest,
                          BiasCorrection correction) {
        OnnxGraphSpec graph = correction == null ? floatGraph : correction.apply(floatGraph);
        QdqPlan plan = plan(graph);
        OnnxGraphSpec quantized = QdqRewriter.rewrite(graph, plan, table, config.scheme());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(METADATA_PREFIX + "precision", Precision.INT8.id());
        meta.put(METADATA_PREFIX + "format", "QDQ");
        meta.put(METADATA_PREFIX + "weights", "int8 symmetric per output channel");
        meta.put(METADATA_PREFIX + "activations", config.scheme() == ActivationScheme.UINT8_ASYMMETRIC
                ? "uint8 asymmetric per tensor" : "int8 symmetric per tensor");
        meta.put(METADATA_PREFIX + "calibration", config.method().id()
                + (config.method() == CalibrationMethod.PERCENTILE ? " " + config.percentile() : ""));
        meta.put(METADATA_PREFIX + "calibration_images", table.header().getOrDefault("images", "unknown"));
        // tables made before the size was recorded were all at original size
        meta.put(METADATA_PREFIX + "calibration_size", table.header().getOrDefault("size", "original"));
        meta.put(METADATA_PREFIX + "bias_correction", correction == null ? "none"
                : "empirical, " + correction.corrections().size() + " convs");
        meta.put(METADATA_PREFIX + "weights_digest", digest);
        meta.put(METADATA_PREFIX + "float_layers", config.floatLayersText());
        meta.put(METADATA_PREFIX + "float_convs", String.join(",", plan.floatConvs()));
        meta.put(METADATA_PREFIX + "quantized_convs", String.format(Locale.ROOT, "%d", plan.quantizedConvs(graph)));
        return OnnxProtoEncoder.encodeModel(quantized, OnnxGraphBuilder.IR_VERSION, OnnxGraphBuilder.OPSET,
                "retinaface-java", "0.1", meta);
    }
}
