package dev.retinaface.onnx;

import dev.retinaface.core.anchors.PriorConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Just enough of the reference post-processing to compare with the reference JSON (the core PostProcessor
 * lives on another branch): anchors, box and landmark decoding, score threshold, top-k, NMS with the
 * +1 pixel area convention, keep-k.
 */
final class MinimalDecoder {

    /** One decoded detection: x1 y1 x2 y2, score, 10 landmark coordinates. */
    record Detection(float[] box, float score, float[] landmarks) {
    }

    private MinimalDecoder() {
    }

    /** Anchors (cx, cy, w, h) normalised by the image size, in the reference order. */
    static float[][] priors(PriorConfig config, int height, int width) {
        List<float[]> out = new ArrayList<>();
        int[][] sizes = config.minSizes();
        int[] steps = config.steps();
        for (int level = 0; level < steps.length; level++) {
            int step = steps[level];
            int rows = (height + step - 1) / step;
            int cols = (width + step - 1) / step;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    for (int size : sizes[level]) {
                        out.add(new float[] {(float) ((j + 0.5) * step / width), (float) ((i + 0.5) * step / height),
                                (float) size / width, (float) size / height});
                    }
                }
            }
        }
        return out.toArray(float[][]::new);
    }

    /** Reference test settings: score > 0.02, top 5000, NMS 0.4, keep 750. Scores are probabilities. */
    static List<Detection> decode(PriorConfig config, float[] boxes, float[] scores, float[] landmarks,
                                  int height, int width) {
        float[][] priors = priors(config, height, width);
        if (priors.length * 4 != boxes.length) {
            throw new IllegalArgumentException(priors.length + " anchors but " + boxes.length / 4 + " box rows");
        }
        float v0 = config.boxVariance();
        float v1 = config.sizeVariance();
        List<Detection> candidates = new ArrayList<>();
        for (int a = 0; a < priors.length; a++) {
            float score = scores[2 * a + 1];
            if (score <= 0.02f) {
                continue;
            }
            float[] p = priors[a];
            float cx = p[0] + boxes[4 * a] * v0 * p[2];
            float cy = p[1] + boxes[4 * a + 1] * v0 * p[3];
            float w = p[2] * (float) Math.exp(boxes[4 * a + 2] * v1);
            float h = p[3] * (float) Math.exp(boxes[4 * a + 3] * v1);
            float[] box = {(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height};
            float[] marks = new float[10];
            for (int k = 0; k < 5; k++) {
                marks[2 * k] = (p[0] + landmarks[10 * a + 2 * k] * v0 * p[2]) * width;
                marks[2 * k + 1] = (p[1] + landmarks[10 * a + 2 * k + 1] * v0 * p[3]) * height;
            }
            candidates.add(new Detection(box, score, marks));
        }
        candidates.sort(Comparator.comparingDouble(d -> -d.score()));
        List<Detection> top = candidates.subList(0, Math.min(5000, candidates.size()));
        return nms(top, 0.4f, 750);
    }

    private static List<Detection> nms(List<Detection> sorted, float threshold, int keepTop) {
        boolean[] suppressed = new boolean[sorted.size()];
        List<Detection> kept = new ArrayList<>();
        for (int i = 0; i < sorted.size() && kept.size() < keepTop; i++) {
            if (suppressed[i]) {
                continue;
            }
            float[] a = sorted.get(i).box();
            kept.add(sorted.get(i));
            float areaA = (a[2] - a[0] + 1) * (a[3] - a[1] + 1);
            for (int j = i + 1; j < sorted.size(); j++) {
                float[] b = sorted.get(j).box();
                float iw = Math.max(0f, Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1);
                float ih = Math.max(0f, Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1);
                float inter = iw * ih;
                float areaB = (b[2] - b[0] + 1) * (b[3] - b[1] + 1);
                if (inter / (areaA + areaB - inter) > threshold) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }
}
