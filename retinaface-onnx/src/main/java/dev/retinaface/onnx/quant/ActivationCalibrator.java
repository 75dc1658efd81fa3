package dev.retinaface.onnx.quant;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.retinaface.onnx.graph.OnnxGraphSpec;
import dev.retinaface.onnx.graph.OnnxValueInfo;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures activation ranges by running the float graph in ONNX Runtime with the observed tensors as extra outputs.
 * Pass one finds each tensor's minimum and maximum; for the percentile and entropy methods, pass two fills
 * fixed-range histograms ({@link ValueHistogram}). Images are run one at a time in order, so the same images give
 * the same table.
 */
final class ActivationCalibrator {

    private final int threads;

    /** @param threads ONNX Runtime intra-op threads for the calibration runs */
    ActivationCalibrator(int threads) {
        this.threads = threads;
    }

    /** Ranges of {@code tensors} (4-D activations of {@code graph}) over the images, by the method. */
    Map<String, TensorRange> calibrate(OnnxGraphSpec graph, List<String> tensors, CalibrationImages images,
                                       CalibrationMethod method, double percentile) {
        List<OnnxValueInfo> outputs = new ArrayList<>(graph.outputs());
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).equals(graph.inputs().get(0).name())) {
                continue;
            }
            outputs.add(ObservedRuns.activation(tensors.get(i), Integer.toString(i)));
        }
        OnnxGraphSpec observed = new OnnxGraphSpec(graph.name(), graph.nodes(), graph.initializers(), graph.inputs(),
                outputs);
        try (OrtSession session = ObservedRuns.open(observed, "calibration", threads)) {
            Map<String, float[]> minMax = new LinkedHashMap<>();
            tensors.forEach(t -> minMax.put(t, new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}));
            forEachOutput(session, images, tensors, (t, values) -> {
                float[] mm = minMax.get(t);
                for (int i = values.position(); i < values.limit(); i++) {
                    float v = values.get(i);
                    if (v < mm[0]) {
                        mm[0] = v;
                    }
                    if (v > mm[1]) {
                        mm[1] = v;
                    }
                }
            });
            Map<String, TensorRange> ranges = new LinkedHashMap<>();
            minMax.forEach((t, mm) -> ranges.put(t, new TensorRange(mm[0], mm[1])));
            if (method == CalibrationMethod.MINMAX) {
                return ranges;
            }
            Map<String, ValueHistogram> histograms = new LinkedHashMap<>();
            ranges.forEach((t, r) -> histograms.put(t, new ValueHistogram(r)));
            forEachOutput(session, images, tensors, (t, values) -> histograms.get(t).add(values));
            Map<String, TensorRange> result = new LinkedHashMap<>();
            String input = graph.inputs().get(0).name();
            // the image keeps its whole (bounded) range: clipping pixels loses what every layer builds on
            histograms.forEach((t, h) -> result.put(t, t.equals(input) ? ranges.get(t)
                    : method == CalibrationMethod.PERCENTILE ? h.percentile(percentile) : h.entropy()));
            return result;
        } catch (OrtException e) {
            throw new QuantizationException("calibration run failed in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private interface Sink {
        void accept(String tensor, FloatBuffer values);
    }

    private static void forEachOutput(OrtSession session, CalibrationImages images, List<String> tensors, Sink sink)
            throws OrtException {
        String inputName = session.getInputNames().iterator().next();
        Set<String> wanted = new LinkedHashSet<>(tensors.stream().filter(t -> !t.equals(inputName)).toList());
        ObservedRuns.forEachImage(session, images, wanted, (in, r) -> {
            for (String t : tensors) {
                if (t.equals(inputName)) {
                    sink.accept(t, FloatBuffer.wrap(in.nchw()));
                } else {
                    OnnxTensor v = (OnnxTensor) r.get(t).orElseThrow();
                    sink.accept(t, v.getFloatBuffer());
                }
            }
        });
    }
}
