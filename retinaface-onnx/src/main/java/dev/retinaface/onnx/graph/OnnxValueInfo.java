package dev.retinaface.onnx.graph;

import java.util.List;

/** A typed graph input or output (a {@code ValueInfoProto} of a float tensor type with a shape). */
public record OnnxValueInfo(String name, int elemType, List<Dim> dims) {

    public OnnxValueInfo {
        dims = List.copyOf(dims);
    }

    /** One dimension: a fixed size, or a symbolic name when {@code param} is not null. */
    public record Dim(long value, String param) {
        public static Dim of(long value) {
            return new Dim(value, null);
        }

        public static Dim named(String param) {
            return new Dim(0, param);
        }
    }
}
