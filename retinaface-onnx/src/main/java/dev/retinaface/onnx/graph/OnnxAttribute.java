package dev.retinaface.onnx.graph;

import java.util.List;
import java.util.Objects;

/** A named attribute of an ONNX node: one of the few value kinds the emitter needs. */
public sealed interface OnnxAttribute {

    String name();

    /** {@code AttributeProto.AttributeType} number written to the {@code type} field. */
    int typeCode();

    record IntValue(String name, long value) implements OnnxAttribute {
        public int typeCode() { return 2; }
    }

    record FloatValue(String name, float value) implements OnnxAttribute {
        public int typeCode() { return 1; }
    }

    record StringValue(String name, String value) implements OnnxAttribute {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        public int typeCode() { return 3; }
    }

    record IntsValue(String name, List<Long> values) implements OnnxAttribute {
        public IntsValue {
            values = List.copyOf(values);
        }

        public int typeCode() { return 7; }
    }

    static OnnxAttribute of(String name, long value) {
        return new IntValue(name, value);
    }

    static OnnxAttribute of(String name, float value) {
        return new FloatValue(name, value);
    }

    static OnnxAttribute of(String name, String value) {
        return new StringValue(name, value);
    }

    static OnnxAttribute ints(String name, long... values) {
        return new IntsValue(name, java.util.Arrays.stream(values).boxed().toList());
    }
}
