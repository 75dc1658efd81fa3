package dev.retinaface.onnx.quant;

import dev.retinaface.onnx.graph.OnnxAttribute;
import dev.retinaface.onnx.graph.OnnxGraphSpec;
import dev.retinaface.onnx.graph.OnnxInitializer;
import dev.retinaface.onnx.graph.OnnxNodeSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float graph into the QDQ form that ONNX Runtime turns into integer kernels: each quantised activation
 * tensor {@code t} is followed by {@code QuantizeLinear -> DequantizeLinear} (per tensor, from the calibration
 * table) and its readers take the dequantised copy; each quantised Conv reads its weight from an int8 initializer
 * through a per-channel {@code DequantizeLinear} (axis 0, symmetric) and its bias from int32 at the accumulator's
 * scale (input scale x weight scale). Inputs and outputs keep their names, types and dynamic shapes.
 */
final class QdqRewriter {

    private QdqRewriter() {
    }

    static OnnxGraphSpec rewrite(OnnxGraphSpec graph, QdqPlan plan, CalibrationTable table, ActivationScheme scheme) {
        Map<String, OnnxInitializer> inits = new HashMap<>();
        graph.initializers().forEach(i -> inits.put(i.name(), i));
        Set<String> dropped = new HashSet<>();
        List<OnnxNodeSpec> nodes = new ArrayList<>();
        List<OnnxInitializer> added = new ArrayList<>();
        Map<String, QdqTensors.Params> params = new HashMap<>();
        for (String t : plan.tensors()) {
            params.put(t, QdqTensors.activation(table.range(plan.rangeSource(t)), scheme));
        }
        String input = graph.inputs().get(0).name();
        if (plan.tensors().contains(input)) {
            quantizePair(input, params.get(input), scheme, nodes, added);
        }
        for (int i = 0; i < graph.nodes().size(); i++) {
            OnnxNodeSpec n = graph.nodes().get(i);
            List<String> ins = new ArrayList<>();
            for (String in : n.inputs()) {
                ins.add(plan.tensors().contains(in) ? dequantized(in) : in);
            }
            if (n.opType().equals("Conv") && plan.quantized(i)) {
                QdqTensors.Params x = params.get(n.inputs().get(0));
                OnnxInitializer w = inits.get(n.inputs().get(1));
                float[] wv = QdqTensors.floatValues(w);
                int channels = (int) w.dims()[0];
                float[] scales = QdqTensors.channelScales(wv, channels);
                String wq = w.name() + "/int8";
                added.add(QdqTensors.bytes(wq, w.dims(), QdqTensors.INT8, QdqTensors.quantizeWeights(wv, scales)));
                added.add(QdqTensors.floats(wq + "/scale", scales));
                added.add(QdqTensors.bytes(wq + "/zero_point", new long[] {channels}, QdqTensors.INT8,
                        new byte[channels]));
                nodes.add(dequantize(wq, w.name() + "/dequant", 0));
                ins.set(1, w.name() + "/dequant");
                dropped.add(w.name());
                if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
                    OnnxInitializer b = inits.get(n.inputs().get(2));
                    float[] biasScales = new float[channels];
                    for (int c = 0; c < channels; c++) {
                        biasScales[c] = x.scale() * scales[c];
                    }
                    String bq = b.name() + "/int32";
                    added.add(QdqTensors.ints(bq, QdqTensors.quantizeBias(QdqTensors.floatValues(b), biasScales)));
                    added.add(QdqTensors.floats(bq + "/scale", biasScales));
                    added.add(QdqTensors.ints(bq + "/zero_point", new int[channels]));
                    nodes.add(dequantize(bq, b.name() + "/dequant", 0));
                    ins.set(2, b.name() + "/dequant");
                    dropped.add(b.name());
                }
            }
            nodes.add(new OnnxNodeSpec(n.opType(), n.name(), ins, n.outputs(), n.attributes()));
            for (String out : n.outputs()) {
                if (plan.tensors().contains(out)) {
                    quantizePair(out, params.get(out), scheme, nodes, added);
                }
            }
        }
        List<OnnxInitializer> initializers = new ArrayList<>();
        graph.initializers().stream().filter(i -> !dropped.contains(i.name())).forEach(initializers::add);
        initializers.addAll(added);
        return new OnnxGraphSpec(graph.name(), nodes, initializers, graph.inputs(), graph.outputs());
    }

    static String dequantized(String tensor) {
        return tensor + "/dequant";
    }

    private static void quantizePair(String t, QdqTensors.Params p, ActivationScheme scheme, List<OnnxNodeSpec> nodes,
                                     List<OnnxInitializer> added) {
        String scale = t + "/scale";
        String zp = t + "/zero_point";
        added.add(QdqTensors.scalarFloat(scale, p.scale()));
        added.add(QdqTensors.zeroPoint(zp, scheme.onnxType(), p.zeroPoint()));
        nodes.add(new OnnxNodeSpec("QuantizeLinear", t + "/quantize", List.of(t, scale, zp), List.of(t + "/quant"),
                List.of()));
        nodes.add(new OnnxNodeSpec("DequantizeLinear", t + "/dequantize", List.of(t + "/quant", scale, zp),
                List.of(dequantized(t)), List.of()));
    }

    /** DequantizeLinear of a constant {@code q} with initializers {@code q/scale}, {@code q/zero_point}. */
    private static OnnxNodeSpec dequantize(String q, String out, long axis) {
        return new OnnxNodeSpec("DequantizeLinear", out, List.of(q, q + "/scale", q + "/zero_point"), List.of(out),
                List.of(OnnxAttribute.of("axis", axis)));
    }
}
