package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.DetectionConfig;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.image.ImageLoadConfig;
import dev.retinaface.core.tta.TtaConfig;
import dev.retinaface.model.zoo.LoadedWeights;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.onnx.quant.CalibrationCache;
import dev.retinaface.onnx.quant.FolderCalibrationImages;
import dev.retinaface.onnx.quant.Precision;
import dev.retinaface.onnx.quant.QuantizationConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Options shared by every command that runs a detector. */
final class DetectorOptions {

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", defaultValue = "mobilenet0.25",
            description = "Named model (see 'retinaface models'; default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE",
            description = "Weights file (.pth) for the model's architecture; skips the download.")
    Path weights;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.5",
            description = "Lowest face score kept (default: ${DEFAULT-VALUE}; 0.02 for evaluation).")
    float minScore;

    @Option(names = "--nms", paramLabel = "IOU", defaultValue = "0.4", description = "NMS IoU threshold (default: ${DEFAULT-VALUE}).")
    float nms;

    @Option(names = "--resize", paramLabel = "POLICY", defaultValue = "original",
            description = "Input size: original, short:S:L (short side S, long side at most L, e.g. short:1600:2150), "
                    + "long:L (long side at most L) or scale:F (default: ${DEFAULT-VALUE}).")
    String resize;

    @Option(names = "--tta", paramLabel = "NAME", defaultValue = "none",
            description = "Test-time augmentation: none, flip, pyramid, paper (flip + short sides 500..1700 + box voting), "
                    + "paper-nms (default: ${DEFAULT-VALUE}).")
    String tta;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "0",
            description = "Inference threads (0 = all cores).")
    int threads;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "50000000",
            description = "Refuse images with more pixels than this (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--cuda", description = "Run on the GPU with ONNX Runtime's CUDA provider when it is available.")
    boolean cuda;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
            description = "Graph precision: fp32 or int8 (QDQ graph; calibrated on training images on first use, "
                    + "then cached; default: ${DEFAULT-VALUE}).")
    String precision;

    @Mixin
    QuantizationOptions int8 = new QuantizationOptions();

    QuantizationConfig quantizationConfig() {
        return int8.quantizationConfig(resize);
    }

    DetectionConfig detectionConfig() {
        return DetectionConfig.defaults().withScoreThreshold(minScore).withNmsThreshold(nms);
    }

    ImageLoadConfig imageLoadConfig() {
        return ImageLoadConfig.defaults().withMaxPixels(maxPixels);
    }

    /** Thresholds, resize, TTA and pixel limit as the options say. */
    DetectorConfig detectorConfig() {
        return new DetectorConfig(detectionConfig(), ResizePolicy.parse(resize), TtaConfig.preset(tta), imageLoadConfig());
    }

    /** The named model, with the --weights file when one is given. */
    ModelSource modelSource() {
        return weights != null ? ModelSource.file(model, weights) : ModelSource.named(model);
    }

    RuntimeConfig runtimeConfig() {
        return RuntimeConfig.defaults().withThreads(threads).withCuda(cuda).withPrecision(Precision.parse(precision))
                .withQuantization(quantizationConfig());
    }

    /** Loads the model (weights, graph, session); parse errors in the detector options surface first. */
    FaceModel loadModel() throws IOException {
        detectorConfig();
        RuntimeConfig runtime = runtimeConfig();
        LoadedWeights weights = modelSource().load();
        if (runtime.precision() == Precision.INT8) {
            Int8FirstUse.noticeIfNotCached(weights, runtime.quantization(), CalibrationCache.defaultCache(),
                    FolderCalibrationImages.defaultFolder(), System.err);
        }
        return FaceModel.of(weights, runtime);
    }
}
