package dev.retinaface.train.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.retinaface.core.anchors.PriorBoxes;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.zoo.ModelSpec;
import dev.retinaface.model.zoo.ModelZoo;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.loop.TrainingPreset;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper preset's network, with random weights (running statistics included), exported to ONNX and run in ONNX
 * Runtime gives the outputs of the DJL network the trainer runs (max abs difference at most 1e-4).
 */
class PaperOnnxParityTest {

    private static final int W = 96;
    private static final int H = 64;

    @Test
    void exportedPaperGraphEqualsTheDjlNetwork() {
        ModelSpec spec = ModelZoo.get(TrainingPreset.PAPER.modelName());
        assertEquals(TrainingPreset.PAPER.anchors(), spec.priors());
        try (NDManager m = OfflineEngine.start().newBaseManager()) {
            RetinaFaceBlock block = new RetinaFaceBlock(spec.network());
            ParameterInit.pytorchDefault(block, m, 11);
            Map<String, Tensor> weights = withRandomStatistics(WeightTransfer.export(block), new SplittableRandom(5));
            WeightTransfer.load(block, weights, m);

            float[] input = new float[3 * H * W];
            SplittableRandom random = new SplittableRandom(9);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) (random.nextDouble() * 255 - 120);
            }
            NDList out = block.forward(null, new NDList(m.create(input, new Shape(1, 3, H, W))), false);
            float[] boxes = out.get(0).toFloatArray();
            float[] logits = out.get(1).toFloatArray();
            float[] landmarks = out.get(2).toFloatArray();
            int anchors = PriorBoxes.count(spec.priors(), H, W);
            assertEquals(anchors * 4, boxes.length);

            byte[] onnx = new OnnxGraphBuilder().build(spec.network(), weights);
            try (OnnxModelSession session = new OnnxModelSession(onnx, SessionConfig.defaults())) {
                RawOutputs ort = session.run(input, 1, H, W);
                assertEquals(anchors, ort.anchors());
                double boxDiff = maxDiff(boxes, ort.boxes()[0]);
                double scoreDiff = maxDiff(softmax(logits), ort.scores()[0]);
                double landmarkDiff = maxDiff(landmarks, ort.landmarks()[0]);
                System.out.printf("paper-mobilenet0.25 ONNX vs DJL, %d anchors: max |diff| boxes %.2e, scores %.2e, "
                        + "landmarks %.2e%n", anchors, boxDiff, scoreDiff, landmarkDiff);
                assertTrue(boxDiff <= 1e-4, "boxes " + boxDiff);
                assertTrue(scoreDiff <= 1e-4, "scores " + scoreDiff);
                assertTrue(landmarkDiff <= 1e-4, "landmarks " + landmarkDiff);
            }
        }
    }

    /** Batch-norm running means and variances away from 0 and 1, so the export's folding is exercised. */
    private static Map<String, Tensor> withRandomStatistics(Map<String, Tensor> weights, SplittableRandom random) {
        Map<String, Tensor> out = new LinkedHashMap<>(weights);
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            boolean mean = e.getKey().endsWith("running_mean");
            boolean var = e.getKey().endsWith("running_var");
            if (mean || var) {
                float[] data = e.getValue().data().clone();
                for (int i = 0; i < data.length; i++) {
                    data[i] = mean ? (float) (random.nextDouble() - 0.5) : (float) (0.5 + random.nextDouble());
                }
                out.put(e.getKey(), new Tensor(e.getValue().shape(), data));
            }
        }
        return out;
    }

    private static float[] softmax(float[] pairs) {
        float[] p = new float[pairs.length];
        for (int i = 0; i < pairs.length; i += 2) {
            double max = Math.max(pairs[i], pairs[i + 1]);
            double a = Math.exp(pairs[i] - max);
            double b = Math.exp(pairs[i + 1] - max);
            p[i] = (float) (a / (a + b));
            p[i + 1] = (float) (b / (a + b));
        }
        return p;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
