package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.onnx.graph.OnnxExportConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code retinaface export-onnx}: writes the ONNX graph built from a model's weights. */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = "Write the model as an ONNX graph (batch norm folded, dynamic batch, height and width; "
                + "outputs boxes, scores (probabilities) and landmarks).",
        footer = {"", "Examples:",
                "  retinaface export-onnx -o retinaface-mnet.onnx",
                "  retinaface export-onnx --model 1mb-slim -o slim.onnx",
                "  retinaface export-onnx --weights my_checkpoint.pth -o mine.onnx"})
final class ExportOnnxCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", defaultValue = "mobilenet0.25",
            description = "Named model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE", description = "Weights file instead of the named model's.")
    Path weights;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write the .onnx file.")
    Path output;

    @Override
    public Integer call() throws Exception {
        byte[] graph = FaceModel.exportOnnx(weights != null ? ModelSource.file(model, weights) : ModelSource.named(model),
                OnnxExportConfig.defaults());
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(output, graph);
        System.err.printf("wrote %s (%,d bytes)%n", output, graph.length);
        return 0;
    }
}
