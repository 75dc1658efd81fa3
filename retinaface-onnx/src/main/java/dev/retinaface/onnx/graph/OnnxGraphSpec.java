package dev.retinaface.onnx.graph;

import java.util.List;

/** An ONNX graph in memory, ready for {@link OnnxProtoEncoder}: nodes in topological order. */
public record OnnxGraphSpec(String name, List<OnnxNodeSpec> nodes, List<OnnxInitializer> initializers,
                            List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {
    public OnnxGraphSpec {
        nodes = List.copyOf(nodes);
        initializers = List.copyOf(initializers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
