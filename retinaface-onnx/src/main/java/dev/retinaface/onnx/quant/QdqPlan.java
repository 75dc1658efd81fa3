package dev.retinaface.onnx.quant;

import dev.retinaface.onnx.graph.OnnxGraphSpec;
import dev.retinaface.onnx.graph.OnnxInitializer;
import dev.retinaface.onnx.graph.OnnxNodeSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes of a float graph run quantised and which activation tensors get a QuantizeLinear / DequantizeLinear
 * pair. Quantised: every Conv not kept in float, and the element-wise and layout operators between them that ONNX
 * Runtime runs on integers (LeakyRelu, Relu, Add, Concat, nearest Resize, MaxPool) when every data input comes from
 * quantised nodes or the graph input. Every data input and output of a quantised node is a quantised tensor, except
 * (when {@code fuseRelu}) a Conv output read only by a Relu: there ONNX Runtime removes the Relu into the
 * QuantizeLinear that follows it (a zero point at the bottom of the range), and the Conv writes integers at once.
 */
final class QdqPlan {

    private static final Set<String> ELEMENTWISE = Set.of("LeakyRelu", "Relu", "Add", "Concat", "Resize", "MaxPool");
    /** Operators whose output takes the quantisation of their input (values are copied, not computed). */
    private static final Set<String> PASS_THROUGH = Set.of("Resize", "MaxPool");

    private final Set<Integer> quantizedNodes;
    private final LinkedHashSet<String> tensors;
    private final Map<String, String> tiedTo;
    private final List<String> floatConvs;

    private QdqPlan(Set<Integer> quantizedNodes, LinkedHashSet<String> tensors, Map<String, String> tiedTo,
                    List<String> floatConvs) {
        this.quantizedNodes = quantizedNodes;
        this.tensors = tensors;
        this.tiedTo = tiedTo;
        this.floatConvs = floatConvs;
    }

    /**
     * Plans a graph.
     *
     * @param config   which convolutions stay float
     * @param fuseRelu leave the Conv output before a Relu unquantised (uint8 activations, where the Relu folds away)
     */
    static QdqPlan of(OnnxGraphSpec graph, QuantizationConfig config, boolean fuseRelu) {
        Set<String> initializers = new HashSet<>();
        graph.initializers().forEach(i -> initializers.add(i.name()));
        Map<String, List<Integer>> consumers = new HashMap<>();
        List<OnnxNodeSpec> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
        }
        String input = graph.inputs().get(0).name();
        Set<String> floatNames = floatConvNames(graph, config, consumers, input);
        Set<Integer> quantized = new HashSet<>();
        Set<String> quantizedOutputs = new HashSet<>(Set.of(input));
        for (int i = 0; i < nodes.size(); i++) {
            OnnxNodeSpec n = nodes.get(i);
            boolean q;
            if (n.opType().equals("Conv")) {
                q = !floatNames.contains(n.name());
            } else if (ELEMENTWISE.contains(n.opType())) {
                q = dataInputs(n, initializers).stream().allMatch(quantizedOutputs::contains);
            } else {
                q = false;
            }
            if (q) {
                quantized.add(i);
                quantizedOutputs.addAll(n.outputs());
            }
        }
        LinkedHashSet<String> tensors = new LinkedHashSet<>();
        Map<String, String> tied = new LinkedHashMap<>();
        Set<String> wanted = new HashSet<>();
        for (int i : quantized) {
            OnnxNodeSpec n = nodes.get(i);
            wanted.addAll(dataInputs(n, initializers));
            wanted.addAll(n.outputs());
            if (PASS_THROUGH.contains(n.opType())) {
                tied.put(n.outputs().get(0), n.inputs().get(0));
            }
        }
        if (fuseRelu) {
            for (int i : quantized) {
                OnnxNodeSpec n = nodes.get(i);
                if (!n.opType().equals("Conv")) {
                    continue;
                }
                List<Integer> readers = consumers.getOrDefault(n.outputs().get(0), List.of());
                if (readers.size() == 1 && nodes.get(readers.get(0)).opType().equals("Relu")
                        && quantized.contains(readers.get(0))) {
                    wanted.remove(n.outputs().get(0));
                }
            }
        }
        // graph order: the input, then node outputs as they are produced
        if (wanted.contains(input)) {
            tensors.add(input);
        }
        for (OnnxNodeSpec n : nodes) {
            n.outputs().stream().filter(wanted::contains).forEach(tensors::add);
        }
        List<String> floats = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).opType().equals("Conv") && !quantized.contains(i)) {
                floats.add(nodes.get(i).name());
            }
        }
        return new QdqPlan(Collections.unmodifiableSet(quantized), tensors, tied, List.copyOf(floats));
    }

    /** Activation inputs of a node: Conv and Resize read data from input 0 only; others from every non-constant. */
    static List<String> dataInputs(OnnxNodeSpec n, Set<String> initializers) {
        if (n.opType().equals("Conv") || n.opType().equals("Resize")) {
            return List.of(n.inputs().get(0));
        }
        return n.inputs().stream().filter(s -> !s.isEmpty() && !initializers.contains(s)).toList();
    }

    private static Set<String> floatConvNames(OnnxGraphSpec graph, QuantizationConfig config,
                                              Map<String, List<Integer>> consumers, String input) {
        Set<String> names = new HashSet<>(config.floatConvs());
        List<OnnxNodeSpec> nodes = graph.nodes();
        for (OnnxNodeSpec n : nodes) {
            if (!n.opType().equals("Conv")) {
                continue;
            }
            for (String pattern : config.floatConvs()) {
                if (pattern.endsWith("*") && n.name().startsWith(pattern.substring(0, pattern.length() - 1))) {
                    names.add(n.name());
                }
            }
            if (config.firstConvFloat() && n.inputs().get(0).equals(input)) {
                names.add(n.name());
            }
            if (config.headsFloat() && isHead(n, nodes, consumers)) {
                names.add(n.name());
            }
        }
        return names;
    }

    /** A head convolution: its output is laid out as anchor rows (a Transpose to NHWC reads it). */
    private static boolean isHead(OnnxNodeSpec conv, List<OnnxNodeSpec> nodes, Map<String, List<Integer>> consumers) {
        List<Integer> readers = consumers.getOrDefault(conv.outputs().get(0), List.of());
        return !readers.isEmpty() && readers.stream().allMatch(r -> nodes.get(r).opType().equals("Transpose"));
    }

    /** Whether node {@code index} (graph order) runs quantised. */
    boolean quantized(int index) {
        return quantizedNodes.contains(index);
    }

    /** Quantised activation tensors, in graph order. */
    Set<String> tensors() {
        return Collections.unmodifiableSet(tensors);
    }

    /** The tensor whose calibrated range a tensor takes (itself unless it is a pass-through output). */
    String rangeSource(String tensor) {
        String t = tensor;
        while (tiedTo.containsKey(t)) {
            t = tiedTo.get(t);
        }
        return t;
    }

    /** Names of the convolutions left in float, in graph order. */
    List<String> floatConvs() {
        return floatConvs;
    }

    /** Quantised Conv count. */
    int quantizedConvs(OnnxGraphSpec graph) {
        int n = 0;
        for (int i : quantizedNodes) {
            if (graph.nodes().get(i).opType().equals("Conv")) {
                n++;
            }
        }
        return n;
    }

    static boolean isFloat(OnnxInitializer init) {
        return init.dataType() == OnnxInitializer.FLOAT;
    }
}
