package dev.retinaface.video.roi;

import dev.retinaface.core.geometry.Box;

import java.util.List;

/**
 * Where to run the detector on a frame between full detections.
 *
 * @param regions     crops to detect in (empty when {@code wholeFrame}; none at all when no face needs a look)
 * @param wholeFrame  true when the crops would cover so much of the frame that one full detection is cheaper
 * @param frameWidth  width of the frame
 * @param frameHeight height of the frame
 */
public record RegionPlan(List<Region> regions, boolean wholeFrame, int frameWidth, int frameHeight) {

    public RegionPlan {
        regions = List.copyOf(regions);
    }

    /** Run the detector on the whole frame. */
    public static RegionPlan whole(int frameWidth, int frameHeight) {
        return new RegionPlan(List.of(), true, frameWidth, frameHeight);
    }

    /** True when the plan runs the detector at all. */
    public boolean detects() {
        return wholeFrame || !regions.isEmpty();
    }

    /** Pixels the plan runs the detector on. */
    public long area() {
        return wholeFrame ? (long) frameWidth * frameHeight : regions.stream().mapToLong(Region::area).sum();
    }

    /**
     * True when the detector looks at all of {@code box} (frame coordinates): the whole frame, or a region holding the
     * box clear of its inner edges, so a face there would be found and kept.
     */
    public boolean searches(Box box) {
        if (wholeFrame) {
            return true;
        }
        for (Region r : regions) {
            boolean inside = (r.x0() == 0 || box.x1() >= r.x0()) && (r.y0() == 0 || box.y1() >= r.y0())
                    && (r.x1() == frameWidth || box.x2() <= r.x1()) && (r.y1() == frameHeight || box.y2() <= r.y1());
            if (inside && !r.touchesInnerEdge(box, RegionDetector.EDGE_TOLERANCE, frameWidth, frameHeight)) {
                return true;
            }
        }
        return false;
    }
}
