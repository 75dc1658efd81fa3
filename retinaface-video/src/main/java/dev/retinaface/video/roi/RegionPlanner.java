package dev.retinaface.video.roi;

import dev.retinaface.core.geometry.Box;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the crops of a frame to run the detector on, around the boxes where the tracker expects small faces: each
 * box whose longer side is under {@code maxFace} grown by a context factor (at least a minimum side), its edges moved
 * outwards onto the grid of the network's coarsest stride (32 input pixels); two overlapping crops are merged into
 * their bounding rectangle when that costs no more pixels than running both.
 *
 * <p>On the grid, a crop's anchors and every down-sampling step of the network line up with those of the full frame,
 * so a face well inside a crop gets nearly the detection the full frame would give it. (At an input scale other than
 * 1, grid lines are rounded to whole frame pixels, so they line up to within a pixel.) When the crops add up to
 * {@code wholeFrameFraction} of the frame or more, the plan is the whole frame instead (one run, no crop edges).
 */
public final class RegionPlanner {

    /** The network's coarsest stride, in input pixels. */
    static final int STRIDE = 32;

    private final int width;
    private final int height;
    private final double step;
    private final double context;
    private final double minSide;
    private final double wholeFrameFraction;
    private final double maxFace;
    private final double budget;

    /**
     * @param width              frame width
     * @param height             frame height
     * @param inputScale         network input pixels per frame pixel (the detector's resize of the whole frame)
     * @param context            crop side as a multiple of the box's longer side
     * @param minSide            least crop side, in frame pixels
     * @param wholeFrameFraction share of the frame's area from which the whole frame is detected instead
     * @param maxFace            boxes with a longer side of this many frame pixels or more get no crop (the motion
     *                           model carries large faces well)
     * @param budget             largest share of the frame's pixels the crops may cover; past it, the larger faces
     *                           get no crop
     */
    public RegionPlanner(int width, int height, double inputScale, double context, double minSide,
                         double wholeFrameFraction, double maxFace, double budget) {
        if (width < 1 || height < 1 || !(inputScale > 0) || !(context >= 1) || !(minSide >= 0)
                || !(wholeFrameFraction > 0 && wholeFrameFraction <= 1) || !(maxFace > 0)
                || !(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("bad region planner settings: " + width + "x" + height + ", scale "
                    + inputScale + ", context " + context + ", min side " + minSide + ", whole frame from "
                    + wholeFrameFraction + ", max face " + maxFace + ", budget " + budget);
        }
        this.maxFace = maxFace;
        this.budget = budget;
        this.width = width;
        this.height = height;
        this.step = STRIDE / inputScale;
        this.context = context;
        this.minSide = minSide;
        this.wholeFrameFraction = wholeFrameFraction;
    }

    /**
     * The crops around {@code boxes} (frame coordinates; large boxes and boxes wholly outside the frame get none),
     * smallest faces first, as many as fit in the pixel budget.
     */
    public RegionPlan plan(List<Box> boxes) {
        List<Box> small = new ArrayList<>();
        for (Box b : boxes) {
            if (Math.max(b.width(), b.height()) < maxFace) {
                small.add(b);
            }
        }
        small.sort(Comparator.comparingDouble(b -> Math.max(b.width(), b.height())));
        double frameArea = width * (double) height;
        List<Region> regions = new ArrayList<>();
        boolean all = true;
        for (Box b : small) {
            Region r = around(b);
            if (r == null) {
                continue;
            }
            List<Region> next = new ArrayList<>(regions);
            add(next, r);
            if (area(next) <= budget * frameArea) {
                regions = next;
            } else {
                all = false;
            }
        }
        if (all && area(regions) >= wholeFrameFraction * frameArea) {
            return RegionPlan.whole(width, height);
        }
        return new RegionPlan(regions, false, width, height);
    }

    private static long area(List<Region> regions) {
        long sum = 0;
        for (Region r : regions) {
            sum += r.area();
        }
        return sum;
    }

    private Region around(Box b) {
        double side = Math.max(minSide, context * Math.max(b.width(), b.height()));
        int x0 = Math.max(0, down(b.centerX() - side / 2));
        int y0 = Math.max(0, down(b.centerY() - side / 2));
        int x1 = Math.min(width, up(b.centerX() + side / 2));
        int y1 = Math.min(height, up(b.centerY() + side / 2));
        return x1 > x0 && y1 > y0 ? new Region(x0, y0, x1, y1) : null;
    }

    private int down(double v) {
        return (int) Math.round(Math.floor(v / step) * step);
    }

    private int up(double v) {
        return (int) Math.round(Math.ceil(v / step) * step);
    }

    /**
     * Adds {@code r} to {@code regions}, first merging it with any region it overlaps whose bounding rectangle with it
     * has no more pixels than the two together (repeated, as a merged region may reach further ones). Grid edges stay
     * on the grid; regions may still overlap afterwards.
     */
    static void add(List<Region> regions, Region r) {
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < regions.size(); i++) {
                Region other = regions.get(i);
                if (other.overlaps(r) && other.union(r).area() <= other.area() + r.area()) {
                    r = other.union(r);
                    regions.remove(i);
                    merged = true;
                    break;
                }
            }
        }
        regions.add(r);
    }
}
