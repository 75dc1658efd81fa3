package dev.retinaface.core.boxes;

import dev.retinaface.core.geometry.Box;

/**
 * Intersection over union of two boxes, in the two conventions found in the reference code. All arithmetic is
 * float32 in the reference's operation order, so threshold decisions match it bit for bit.
 *
 * <ul>
 *   <li>{@link #continuous}: boxes as continuous regions, width {@code x2 - x1} (box_utils {@code jaccard},
 *       used to match anchors to ground truth in training).</li>
 *   <li>{@link #inclusive}: boxes as inclusive pixel ranges, width {@code x2 - x1 + 1} (py_cpu_nms and
 *       insightface's bbox_vote, used at test time).</li>
 * </ul>
 */
public final class Iou {

    private Iou() {
    }

    /** IoU with continuous areas; 0 when the union is empty. */
    public static float continuous(Box a, Box b) {
        return continuous(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
    }

    /** IoU with continuous areas of {@code (ax1, ay1, ax2, ay2)} and {@code (bx1, by1, bx2, by2)}. */
    public static float continuous(float ax1, float ay1, float ax2, float ay2,
                                   float bx1, float by1, float bx2, float by2) {
        return continuous(ax1, ay1, ax2, ay2, continuousArea(ax1, ay1, ax2, ay2),
                bx1, by1, bx2, by2, continuousArea(bx1, by1, bx2, by2));
    }

    /** {@code (x2 - x1) * (y2 - y1)} in float32, as box_utils {@code jaccard} computes it. */
    public static float continuousArea(float x1, float y1, float x2, float y2) {
        return (x2 - x1) * (y2 - y1);
    }

    /**
     * The continuous IoU when both areas are already known (anchor matching computes each area once):
     * {@code inter / (areaA + areaB - inter)}, in that order; 0 when the union is empty.
     */
    public static float continuous(float ax1, float ay1, float ax2, float ay2, float areaA,
                                   float bx1, float by1, float bx2, float by2, float areaB) {
        float w = Math.max(Math.min(ax2, bx2) - Math.max(ax1, bx1), 0f);
        float h = Math.max(Math.min(ay2, by2) - Math.max(ay1, by1), 0f);
        float inter = w * h;
        float union = areaA + areaB - inter;
        return union > 0f ? inter / union : 0f;
    }

    /** IoU with the +1 pixel convention (see {@link #inclusive(float, float, float, float, float, float, float, float)}). */
    public static float inclusive(Box a, Box b) {
        return inclusive(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
    }

    /**
     * IoU with the +1 pixel convention of py_cpu_nms: {@code area = (x2 - x1 + 1)(y2 - y1 + 1)},
     * {@code inter = max(0, min(x2) - max(x1) + 1) * max(0, min(y2) - max(y1) + 1)},
     * {@code iou = inter / (areaA + areaB - inter)}.
     */
    public static float inclusive(float ax1, float ay1, float ax2, float ay2,
                                  float bx1, float by1, float bx2, float by2) {
        return inclusive(ax1, ay1, ax2, ay2, inclusiveArea(ax1, ay1, ax2, ay2),
                bx1, by1, bx2, by2, inclusiveArea(bx1, by1, bx2, by2));
    }

    /** {@code (x2 - x1 + 1) * (y2 - y1 + 1)} in float32, as py_cpu_nms computes it. */
    public static float inclusiveArea(float x1, float y1, float x2, float y2) {
        return (x2 - x1 + 1f) * (y2 - y1 + 1f);
    }

    /** The +1 IoU when both areas are already known (NMS computes each area once). */
    static float inclusive(float ax1, float ay1, float ax2, float ay2, float areaA,
                           float bx1, float by1, float bx2, float by2, float areaB) {
        float w = Math.max(0f, Math.min(ax2, bx2) - Math.max(ax1, bx1) + 1f);
        float h = Math.max(0f, Math.min(ay2, by2) - Math.max(ay1, by1) + 1f);
        float inter = w * h;
        return inter / (areaA + areaB - inter);
    }
}
