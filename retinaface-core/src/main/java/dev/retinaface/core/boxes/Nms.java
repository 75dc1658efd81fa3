package dev.retinaface.core.boxes;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy non-maximum suppression as the reference {@code py_cpu_nms}: candidates in {@link ScoreOrder} (score
 * descending), areas with the +1 pixel convention ({@link Iou#inclusive}), and a candidate is dropped when its
 * IoU with a kept box is above the threshold (an IoU exactly equal to the threshold survives). IoU and the
 * comparison are float32, like numpy on the reference's float32 detections.
 */
public final class Nms {

    private final float threshold;

    /** NMS dropping boxes whose IoU with a kept one is above {@code threshold} (reference: 0.4). */
    public Nms(float threshold) {
        if (!(threshold >= 0f && threshold <= 1f)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    /** The IoU threshold. */
    public float threshold() {
        return threshold;
    }

    /**
     * Indices of the kept boxes, highest score first.
     *
     * @param boxes  {@code n * 4} floats {@code (x1, y1, x2, y2)}
     * @param scores {@code n} scores
     */
    public int[] keep(float[] boxes, float[] scores) {
        int n = scores.length;
        if (boxes.length != n * 4) {
            throw new IllegalArgumentException("expected " + n + " boxes x 4 = " + n * 4 + " floats, got " + boxes.length);
        }
        int[] order = ScoreOrder.descending(scores);
        float[] areas = new float[n];
        for (int i = 0; i < n; i++) {
            areas[i] = Iou.inclusiveArea(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
        }
        boolean[] dropped = new boolean[n];
        int[] kept = new int[n];
        int count = 0;
        for (int a = 0; a < n; a++) {
            int i = order[a];
            if (dropped[i]) {
                continue;
            }
            kept[count++] = i;
            float x1 = boxes[4 * i];
            float y1 = boxes[4 * i + 1];
            float x2 = boxes[4 * i + 2];
            float y2 = boxes[4 * i + 3];
            for (int b = a + 1; b < n; b++) {
                int j = order[b];
                if (dropped[j]) {
                    continue;
                }
                float iou = Iou.inclusive(x1, y1, x2, y2, areas[i],
                        boxes[4 * j], boxes[4 * j + 1], boxes[4 * j + 2], boxes[4 * j + 3], areas[j]);
                // written as "not (iou <= t)" so that a NaN IoU drops the box, as numpy's "ovr <= thresh" does
                if (!(iou <= threshold)) {
                    dropped[j] = true;
                }
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** The kept faces, highest score first. */
    public List<Face> apply(List<Face> faces) {
        int n = faces.size();
        float[] boxes = new float[n * 4];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            Box b = faces.get(i).box();
            boxes[4 * i] = b.x1();
            boxes[4 * i + 1] = b.y1();
            boxes[4 * i + 2] = b.x2();
            boxes[4 * i + 3] = b.y2();
            scores[i] = faces.get(i).score();
        }
        List<Face> kept = new ArrayList<>();
        for (int i : keep(boxes, scores)) {
            kept.add(faces.get(i));
        }
        return kept;
    }
}
