package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.model.zoo.LoadedWeights;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.onnx.graph.InputSize;
import dev.retinaface.onnx.graph.OnnxExportConfig;
import dev.retinaface.onnx.quant.CalibrationCache;
import dev.retinaface.onnx.quant.FolderCalibrationImages;
import dev.retinaface.onnx.quant.Int8GraphBuilder;
import dev.retinaface.onnx.quant.Precision;
import dev.retinaface.onnx.quant.QuantizationConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code retinaface export-onnx}: writes the ONNX graph built from a model's weights. */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {"Write the model as an ONNX graph (boxes, scores as probabilities, and landmarks out).",
                "Batch norm is folded into the convolutions. Batch, height and width are dynamic unless --input-size "
                        + "fixes them: a static graph for runtimes that refuse dynamic shapes, such as OpenCV DNN."},
        footer = {"", "Examples:",
                "  retinaface export-onnx -o retinaface-mnet.onnx",
                "  retinaface export-onnx --input-size 640x480 -o retinaface-640x480.onnx",
                "  retinaface export-onnx --model 1mb-slim -o slim.onnx",
                "  retinaface export-onnx --weights my_checkpoint.pth -o mine.onnx",
                "  retinaface export-onnx --precision int8 --int8-float 'first_conv+body.stage1.*' -o int8.onnx"})
final class ExportOnnxCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", defaultValue = "mobilenet0.25",
            description = "Named model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE", description = "Weights file instead of the named model's.")
    Path weights;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write the .onnx file.")
    Path output;

    @Option(names = "--input-size", paramLabel = "WxH", converter = InputSizeConverter.class,
            description = "Static graph for this input size, batch 1 (default: dynamic batch, height and width).")
    InputSize inputSize;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
            description = "fp32, or int8: the QDQ graph (int8 weights per channel, uint8 activations calibrated on "
                    + "training images, settings in the model metadata; default: ${DEFAULT-VALUE}).")
    String precision;

    @Mixin
    QuantizationOptions int8 = new QuantizationOptions();

    @Override
    public Integer call() throws Exception {
        ModelSource source = weights != null ? ModelSource.file(model, weights) : ModelSource.named(model);
        byte[] graph;
        if (Precision.parse(precision) == Precision.INT8) {
            if (inputSize != null) {
                throw new IllegalArgumentException("--input-size is not available with --precision int8 yet");
            }
            // the detector's default size is the original one
            QuantizationConfig q = int8.quantizationConfig("original");
            LoadedWeights loaded = source.load();
            Int8FirstUse.noticeIfNotCached(loaded, q, CalibrationCache.defaultCache(),
                    FolderCalibrationImages.defaultFolder(), System.err);
            graph = Int8GraphBuilder.withDefaults(q).build(loaded.spec().network(), loaded.weights());
        } else {
            graph = FaceModel.exportOnnx(source, OnnxExportConfig.defaults().withInputSize(inputSize));
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(output, graph);
        System.err.printf("wrote %s (%,d bytes, %s)%n", output, graph.length,
                inputSize == null ? "dynamic input size" : "static input " + inputSize);
        return 0;
    }

    /** {@code WxH} on the command line. */
    static final class InputSizeConverter implements CommandLine.ITypeConverter<InputSize> {
        @Override
        public InputSize convert(String value) {
            try {
                return InputSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
