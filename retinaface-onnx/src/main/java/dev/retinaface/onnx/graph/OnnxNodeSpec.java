package dev.retinaface.onnx.graph;

import java.util.List;

/**
 * One ONNX operator application (a {@code NodeProto}) in the default domain.
 * An empty input name marks an omitted optional input.
 */
public record OnnxNodeSpec(String opType, String name, List<String> inputs, List<String> outputs,
                           List<OnnxAttribute> attributes) {
    public OnnxNodeSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }
}
