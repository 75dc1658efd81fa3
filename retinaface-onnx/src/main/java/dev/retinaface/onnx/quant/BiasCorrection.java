package dev.retinaface.onnx.quant;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.retinaface.onnx.graph.OnnxGraphSpec;
import dev.retinaface.onnx.graph.OnnxInitializer;
import dev.retinaface.onnx.graph.OnnxNodeSpec;
import dev.retinaface.onnx.graph.OnnxValueInfo;

import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Empirical bias correction (Nagel et al. 2019, "Data-Free Quantization Through Weight Equalization and Bias
 * Correction", section 4.2, measured on data): for every quantised convolution, the mean per output channel of
 * {@code int8 conv(QDQ(x)) - float conv(x)} over the calibration images, where {@code x} is the conv's float input
 * in the int8 graph itself. That is the conv's own error (weight rounding, input rounding and clipping), not the
 * error it inherits from the layers before it, so every conv can be corrected from one run: each bias becomes
 * {@code b - mean error}. The measurement runs the QDQ graph in ONNX Runtime with a float copy of each quantised
 * conv beside it. Images run one at a time in order and sums are kept in double, so the same inputs give the same
 * corrections.
 */
public final class BiasCorrection {

    private static final String MAGIC = "# retinaface-java bias corrections v1";

    private final Map<String, float[]> byConv;

    /** @param byConv per quantised conv (ONNX node name), the value to subtract from each output channel's bias */
    public BiasCorrection(Map<String, float[]> byConv) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        byConv.forEach((k, v) -> {
            if (k.isEmpty() || k.contains("\t") || k.contains("\n") || k.startsWith("#")) {
                throw new IllegalArgumentException("conv name '" + k + "' cannot be written");
            }
            copy.put(k, v.clone());
        });
        this.byConv = Collections.unmodifiableMap(copy);
    }

    /** The corrections by conv name (arrays are copies). */
    public Map<String, float[]> corrections() {
        Map<String, float[]> out = new LinkedHashMap<>();
        byConv.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** Names of the convs a correction for {@code plan} covers: the quantised convs with a bias. */
    static Set<String> correctedConvs(OnnxGraphSpec graph, QdqPlan plan) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            if (isCorrected(graph, plan, i)) {
                names.add(graph.nodes().get(i).name());
            }
        }
        return names;
    }

    private static boolean isCorrected(OnnxGraphSpec graph, QdqPlan plan, int index) {
        OnnxNodeSpec n = graph.nodes().get(index);
        return n.opType().equals("Conv") && plan.quantized(index) && n.inputs().size() >= 3
                && !n.inputs().get(2).isEmpty();
    }

    /**
     * Measures the corrections of the convs {@code plan} quantises.
     *
     * @param graph   the float graph {@code plan} was made for
     * @param table   activation ranges of the int8 graph
     * @param threads ONNX Runtime intra-op threads
     */
    static BiasCorrection measure(OnnxGraphSpec graph, QdqPlan plan, CalibrationTable table, ActivationScheme scheme,
                                  CalibrationImages images, int threads) {
        OnnxGraphSpec quantized = QdqRewriter.rewrite(graph, plan, table, scheme);
        Map<String, OnnxInitializer> inits = new HashMap<>();
        graph.initializers().forEach(i -> inits.put(i.name(), i));
        List<OnnxNodeSpec> nodes = new ArrayList<>(quantized.nodes());
        List<OnnxInitializer> initializers = new ArrayList<>(quantized.initializers());
        List<OnnxValueInfo> outputs = new ArrayList<>(quantized.outputs());
        // conv name -> {int8 output, float reference output}
        Map<String, String[]> measured = new LinkedHashMap<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            OnnxNodeSpec n = graph.nodes().get(i);
            if (!isCorrected(graph, plan, i)) {
                continue;
            }
            String out = n.outputs().get(0);
            String ref = out + "/float_reference";
            List<String> ins = new ArrayList<>(List.of(n.inputs().get(0)));
            for (int k = 1; k < 3; k++) {
                OnnxInitializer w = inits.get(n.inputs().get(k));
                String copy = w.name() + "/float_reference";
                initializers.add(new OnnxInitializer(copy, w.dims(), w.dataType(), w.rawData()));
                ins.add(copy);
            }
            // reads the float tensor before its QuantizeLinear: the same input, without this conv's quantisation
            nodes.add(new OnnxNodeSpec("Conv", n.name() + "/float_reference", ins, List.of(ref), n.attributes()));
            int k = measured.size();
            outputs.add(ObservedRuns.activation(out, "q" + k));
            outputs.add(ObservedRuns.activation(ref, "r" + k));
            measured.put(n.name(), new String[] {out, ref});
        }
        OnnxGraphSpec observed = new OnnxGraphSpec(graph.name(), nodes, initializers, quantized.inputs(), outputs);
        Map<String, double[]> sums = new LinkedHashMap<>();
        long[] counts = new long[measured.size()];
        try (OrtSession session = ObservedRuns.open(observed, "bias-correction", threads)) {
            LinkedHashSet<String> wanted = new LinkedHashSet<>();
            measured.values().forEach(p -> wanted.addAll(List.of(p)));
            ObservedRuns.forEachImage(session, images, wanted, (in, r) -> {
                int k = 0;
                for (Map.Entry<String, String[]> e : measured.entrySet()) {
                    OnnxTensor q = (OnnxTensor) r.get(e.getValue()[0]).orElseThrow();
                    OnnxTensor f = (OnnxTensor) r.get(e.getValue()[1]).orElseThrow();
                    long[] shape = q.getInfo().getShape();
                    int channels = (int) shape[1];
                    int plane = (int) (shape[2] * shape[3]);
                    double[] sum = sums.computeIfAbsent(e.getKey(), c -> new double[channels]);
                    addDifferences(q.getFloatBuffer(), f.getFloatBuffer(), channels, plane, sum);
                    counts[k++] += plane;
                }
            });
        } catch (OrtException e) {
            throw new QuantizationException("bias correction run failed in ONNX Runtime: " + e.getMessage(), e);
        }
        Map<String, float[]> result = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            float[] mean = new float[s.length];
            for (int c = 0; c < s.length; c++) {
                mean[c] = (float) (s[c] / counts[k]);
            }
            result.put(e.getKey(), mean);
            k++;
        }
        return new BiasCorrection(result);
    }

    /** Adds, per channel, the sum over the plane of {@code q - f} (batch of one, NCHW). */
    static void addDifferences(FloatBuffer q, FloatBuffer f, int channels, int plane, double[] sum) {
        for (int c = 0; c < channels; c++) {
            double s = 0;
            int base = c * plane;
            for (int p = 0; p < plane; p++) {
                s += q.get(base + p) - f.get(base + p);
            }
            sum[c] += s;
        }
    }

    /**
     * The graph with each corrected conv's bias lowered by its correction. A bias longer than its correction (channels
     * padded to a kernel block) keeps its extra channels.
     */
    OnnxGraphSpec apply(OnnxGraphSpec graph) {
        Map<String, float[]> byBias = new HashMap<>();
        for (OnnxNodeSpec n : graph.nodes()) {
            float[] d = byConv.get(n.name());
            if (d != null && n.opType().equals("Conv") && n.inputs().size() > 2) {
                byBias.put(n.inputs().get(2), d);
            }
        }
        List<OnnxInitializer> inits = new ArrayList<>();
        for (OnnxInitializer init : graph.initializers()) {
            float[] d = byBias.get(init.name());
            if (d == null) {
                inits.add(init);
                continue;
            }
            float[] b = QdqTensors.floatValues(init);
            if (b.length < d.length) {
                throw new QuantizationException("bias " + init.name() + " has " + b.length + " channels, the "
                        + "correction " + d.length);
            }
            for (int c = 0; c < d.length; c++) {
                b[c] -= d[c];
            }
            inits.add(OnnxInitializer.floats(init.name(), init.dims(), b));
        }
        return new OnnxGraphSpec(graph.name(), graph.nodes(), inits, graph.inputs(), graph.outputs());
    }

    /** Canonical UTF-8 text: one line per conv, name then the values (Java's shortest round-tripping decimals). */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        byConv.forEach((name, v) -> {
            sb.append(name);
            for (float x : v) {
                sb.append('\t').append(x);
            }
            sb.append('\n');
        });
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@link #toBytes()} back. */
    public static BiasCorrection parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new QuantizationException("not a bias correction file (first line must be '" + MAGIC + "')");
        }
        Map<String, float[]> byConv = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split("\t");
            float[] v = new float[f.length - 1];
            try {
                for (int c = 0; c < v.length; c++) {
                    v[c] = Float.parseFloat(f[c + 1]);
                }
            } catch (NumberFormatException e) {
                throw new QuantizationException("bias correction line " + (i + 1) + " is malformed", e);
            }
            byConv.put(f[0], v);
        }
        return new BiasCorrection(byConv);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BiasCorrection b) || !b.byConv.keySet().equals(byConv.keySet())) {
            return false;
        }
        return byConv.entrySet().stream()
                .allMatch(e -> java.util.Arrays.equals(e.getValue(), b.byConv.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return Objects.hash(byConv.keySet());
    }
}
