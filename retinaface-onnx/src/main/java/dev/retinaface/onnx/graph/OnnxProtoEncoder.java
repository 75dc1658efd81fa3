package dev.retinaface.onnx.graph;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link OnnxGraphSpec} as an ONNX {@code ModelProto} with plain protobuf wire encoding,
 * without generated classes. Field numbers are those of onnx/onnx {@code onnx.proto}; repeated
 * scalars are written unpacked, as proto2 declares them.
 */
public final class OnnxProtoEncoder {

    private OnnxProtoEncoder() {
    }

    /** Serialises a model importing one version of the default operator set. */
    public static byte[] encodeModel(OnnxGraphSpec graph, long irVersion, long opsetVersion,
                                     String producerName, String producerVersion) {
        return encodeModel(graph, irVersion, opsetVersion, producerName, producerVersion, java.util.Map.of());
    }

    /** As above, with {@code ModelProto.metadata_props} entries (key, value), in the map's order. */
    public static byte[] encodeModel(OnnxGraphSpec graph, long irVersion, long opsetVersion,
                                     String producerName, String producerVersion,
                                     java.util.Map<String, String> metadata) {
        byte[] graphBytes = encodeGraph(graph);
        return message(out -> {
            out.writeInt64(1, irVersion);                  // ModelProto.ir_version
            out.writeString(2, producerName);              // ModelProto.producer_name
            out.writeString(3, producerVersion);           // ModelProto.producer_version
            out.writeByteArray(7, graphBytes);             // ModelProto.graph
            out.writeByteArray(8, message(o -> {           // ModelProto.opset_import
                o.writeString(1, "");                      // OperatorSetIdProto.domain (default)
                o.writeInt64(2, opsetVersion);             // OperatorSetIdProto.version
            }));
            for (java.util.Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeByteArray(14, message(o -> {      // ModelProto.metadata_props
                    o.writeString(1, e.getKey());          // StringStringEntryProto.key
                    o.writeString(2, e.getValue());        // StringStringEntryProto.value
                }));
            }
        });
    }

    static byte[] encodeGraph(OnnxGraphSpec graph) {
        return message(out -> {
            for (OnnxNodeSpec node : graph.nodes()) {
                out.writeByteArray(1, encodeNode(node));   // GraphProto.node
            }
            out.writeString(2, graph.name());              // GraphProto.name
            for (OnnxInitializer init : graph.initializers()) {
                out.writeByteArray(5, encodeTensor(init)); // GraphProto.initializer
            }
            for (OnnxValueInfo in : graph.inputs()) {
                out.writeByteArray(11, encodeValueInfo(in)); // GraphProto.input
            }
            for (OnnxValueInfo o : graph.outputs()) {
                out.writeByteArray(12, encodeValueInfo(o));  // GraphProto.output
            }
        });
    }

    static byte[] encodeNode(OnnxNodeSpec node) {
        return message(out -> {
            for (String in : node.inputs()) {
                out.writeString(1, in);                    // NodeProto.input
            }
            for (String o : node.outputs()) {
                out.writeString(2, o);                     // NodeProto.output
            }
            out.writeString(3, node.name());               // NodeProto.name
            out.writeString(4, node.opType());             // NodeProto.op_type
            for (OnnxAttribute a : node.attributes()) {
                out.writeByteArray(5, encodeAttribute(a)); // NodeProto.attribute
            }
        });
    }

    static byte[] encodeAttribute(OnnxAttribute attribute) {
        return message(out -> {
            out.writeString(1, attribute.name());          // AttributeProto.name
            if (attribute instanceof OnnxAttribute.FloatValue f) {
                out.writeFloat(2, f.value());              // AttributeProto.f
            } else if (attribute instanceof OnnxAttribute.IntValue i) {
                out.writeInt64(3, i.value());              // AttributeProto.i
            } else if (attribute instanceof OnnxAttribute.StringValue s) {
                out.writeByteArray(4, s.value().getBytes(StandardCharsets.UTF_8)); // AttributeProto.s
            } else if (attribute instanceof OnnxAttribute.IntsValue is) {
                for (long v : is.values()) {
                    out.writeInt64(8, v);                  // AttributeProto.ints
                }
            }
            out.writeEnum(20, attribute.typeCode());       // AttributeProto.type
        });
    }

    static byte[] encodeTensor(OnnxInitializer tensor) {
        return message(out -> {
            for (long d : tensor.dims()) {
                out.writeInt64(1, d);                      // TensorProto.dims
            }
            out.writeInt32(2, tensor.dataType());          // TensorProto.data_type
            out.writeString(8, tensor.name());             // TensorProto.name
            out.writeByteArray(9, tensor.rawData());       // TensorProto.raw_data
        });
    }

    static byte[] encodeValueInfo(OnnxValueInfo info) {
        byte[] shape = message(out -> {
            for (OnnxValueInfo.Dim d : info.dims()) {
                out.writeByteArray(1, message(o -> {       // TensorShapeProto.dim
                    if (d.param() != null) {
                        o.writeString(2, d.param());       // Dimension.dim_param
                    } else {
                        o.writeInt64(1, d.value());        // Dimension.dim_value
                    }
                }));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, info.elemType());            // TypeProto.Tensor.elem_type
            out.writeByteArray(2, shape);                  // TypeProto.Tensor.shape
        });
        return message(out -> {
            out.writeString(1, info.name());               // ValueInfoProto.name
            out.writeByteArray(2, message(o -> o.writeByteArray(1, tensorType))); // type.tensor_type
        });
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    /** Encodes one message body to bytes (nested messages are written as length-delimited bytes). */
    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode ONNX message", e);
        }
    }
}
