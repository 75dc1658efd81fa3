package dev.retinaface.cli.peers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Non-maximum suppression as MediaPipe's face detectors use it: best box first; every remaining box overlapping it
 * by more than the IoU threshold joins its cluster; with {@code weighted}, the kept box (and keypoints) is the
 * score-weighted mean of the cluster, with the best box's score ("WEIGHTED" algorithm), else the best box itself
 * (plain greedy NMS).
 */
public final class WeightedNms {

    private WeightedNms() {
    }

    /** Suppresses {@code detections}; the result is ordered by score, best first. */
    public static List<SsdDecoder.Detection> apply(List<SsdDecoder.Detection> detections, float iouThreshold,
                                                   boolean weighted) {
        List<SsdDecoder.Detection> remaining = new ArrayList<>(detections);
        remaining.sort(Comparator.comparingDouble(SsdDecoder.Detection::score).reversed());
        List<SsdDecoder.Detection> kept = new ArrayList<>();
        while (!remaining.isEmpty()) {
            SsdDecoder.Detection best = remaining.get(0);
            List<SsdDecoder.Detection> cluster = new ArrayList<>();
            List<SsdDecoder.Detection> rest = new ArrayList<>();
            for (SsdDecoder.Detection d : remaining) {
                if (d == best || iou(best, d) > iouThreshold) {
                    cluster.add(d);
                } else {
                    rest.add(d);
                }
            }
            kept.add(weighted && cluster.size() > 1 ? mean(cluster, best.score()) : best);
            remaining = rest;
        }
        return kept;
    }

    /** Intersection over union of two boxes (0 when either is empty). */
    public static float iou(SsdDecoder.Detection a, SsdDecoder.Detection b) {
        float ix = Math.min(a.xmax(), b.xmax()) - Math.max(a.xmin(), b.xmin());
        float iy = Math.min(a.ymax(), b.ymax()) - Math.max(a.ymin(), b.ymin());
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        float inter = ix * iy;
        float union = a.area() + b.area() - inter;
        return union > 0 ? inter / union : 0;
    }

    private static SsdDecoder.Detection mean(List<SsdDecoder.Detection> cluster, float score) {
        double total = 0;
        double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        double[] kp = new double[cluster.get(0).keypoints().length];
        for (SsdDecoder.Detection d : cluster) {
            double w = d.score();
            total += w;
            x1 += w * d.xmin();
            y1 += w * d.ymin();
            x2 += w * d.xmax();
            y2 += w * d.ymax();
            for (int i = 0; i < kp.length; i++) {
                kp[i] += w * d.keypoints()[i];
            }
        }
        float[] k = new float[kp.length];
        for (int i = 0; i < kp.length; i++) {
            k[i] = (float) (kp[i] / total);
        }
        return new SsdDecoder.Detection((float) (x1 / total), (float) (y1 / total), (float) (x2 / total),
                (float) (y2 / total), score, k);
    }
}
