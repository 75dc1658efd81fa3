package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a network with its weights as an {@code .onnx} file. */
public final class OnnxExport {

    private OnnxExport() {
    }

    /** Builds the model with {@link OnnxExportConfig#defaults()} and writes it to {@code file}. */
    public static void write(Path file, Network network, Map<String, Tensor> weights) throws IOException {
        write(file, network, weights, OnnxExportConfig.defaults());
    }

    public static void write(Path file, Network network, Map<String, Tensor> weights, OnnxExportConfig config)
            throws IOException {
        byte[] model = new OnnxGraphBuilder(config).build(network, weights);
        try {
            Files.write(file, model);
        } catch (IOException e) {
            throw new IOException("cannot write ONNX model to " + file + ": " + e.getMessage(), e);
        }
    }
}
