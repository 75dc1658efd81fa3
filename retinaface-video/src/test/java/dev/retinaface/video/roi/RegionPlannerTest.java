package dev.retinaface.video.roi;

import dev.retinaface.core.geometry.Box;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionPlannerTest {

    private static Box box(float cx, float cy, float size) {
        return new Box(cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2);
    }

    private static RegionPlanner planner(double scale, double budget) {
        return new RegionPlanner(480, 360, scale, 3, 96 / scale, 0.8, 32 / scale, budget);
    }

    @Test
    void aSmallFaceGetsAGridAlignedCropWithContextAroundIt() {
        RegionPlan plan = planner(1, 0.5).plan(List.of(box(203, 151, 16)));
        assertFalse(plan.wholeFrame());
        assertEquals(1, plan.regions().size());
        Region r = plan.regions().get(0);
        // 96 px around the centre (155..251, 103..199), edges moved out onto multiples of 32
        assertEquals(new Region(128, 96, 256, 224), r);
        assertTrue(plan.searches(box(203, 151, 16)));
        assertEquals(128L * 128, plan.area());
    }

    @Test
    void theGridFollowsTheDetectorsInputScale() {
        // at scale 0.5 a network cell of 32 input pixels is 64 frame pixels
        Region r = planner(0.5, 0.9).plan(List.of(box(203, 151, 30))).regions().get(0);
        for (int edge : new int[] {r.x0(), r.y0(), r.x1(), r.y1()}) {
            assertTrue(edge % 64 == 0 || edge == 480 || edge == 360, "edge " + edge + " of " + r);
        }
    }

    @Test
    void cropsStopAtTheFrame() {
        Region r = planner(1, 0.5).plan(List.of(box(5, 355, 14))).regions().get(0);
        assertEquals(0, r.x0());
        assertEquals(360, r.y1());
        assertTrue(r.x1() % 32 == 0 && r.y0() % 32 == 0, r.toString());
    }

    @Test
    void largeFacesGetNoCrop() {
        RegionPlan plan = planner(1, 1).plan(List.of(box(200, 150, 40)));
        assertFalse(plan.detects());
        assertFalse(plan.searches(box(200, 150, 40)));
    }

    @Test
    void nearbyFacesShareOneCropAndDistantOnesDoNot() {
        RegionPlan near = planner(1, 0.5).plan(List.of(box(200, 150, 16), box(215, 150, 16)));
        assertEquals(1, near.regions().size());
        RegionPlan far = planner(1, 0.5).plan(List.of(box(60, 60, 16), box(400, 300, 16)));
        assertEquals(2, far.regions().size());
        assertFalse(far.regions().get(0).overlaps(far.regions().get(1)));
    }

    @Test
    void overlappingCropsMergeOnlyWhenTheBoundingRectangleCostsNoMore() {
        List<Region> regions = new ArrayList<>();
        RegionPlanner.add(regions, new Region(0, 0, 96, 96));
        RegionPlanner.add(regions, new Region(64, 64, 160, 160)); // bounding box 160x160 > 2 x 96x96: kept apart
        assertEquals(2, regions.size());
        RegionPlanner.add(regions, new Region(0, 32, 96, 128)); // overlaps the first mostly: merged with it
        assertEquals(2, regions.size());
        assertTrue(regions.contains(new Region(0, 0, 96, 128)), regions.toString());
    }

    @Test
    void theBudgetGoesToTheSmallestFacesFirst() {
        List<Box> boxes = new ArrayList<>();
        // a crowd: a 6 x 4 grid of faces, sizes 12..23 px, the smallest on the right
        for (int i = 0; i < 24; i++) {
            boxes.add(box(40 + 80 * (i % 6), 45 + 90 * (i / 6), 23 - (i % 6) * 2));
        }
        RegionPlan plan = planner(1, 0.3).plan(boxes);
        assertFalse(plan.wholeFrame());
        assertTrue(plan.area() <= 0.3 * 480 * 360, "area " + plan.area());
        int smallSearched = 0;
        int largeSearched = 0;
        for (Box b : boxes) {
            if (plan.searches(b)) {
                if (b.width() < 14) {
                    smallSearched++;
                } else if (b.width() > 20) {
                    largeSearched++;
                }
            }
        }
        assertEquals(4, smallSearched, "13 px faces searched");
        assertEquals(0, largeSearched, "faces over 20 px searched");
    }

    @Test
    void withTheWholeBudgetACrowdTakesTheWholeFrame() {
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            boxes.add(box(40 + 80 * (i % 6), 45 + 90 * (i / 6), 16));
        }
        RegionPlan plan = planner(1, 1).plan(boxes);
        assertTrue(plan.wholeFrame());
        assertTrue(plan.searches(box(1, 1, 100)));
        assertEquals(480L * 360, plan.area());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RegionPlanner(480, 360, 1, 3, 96, 0.8, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> new RegionPlanner(480, 360, 1, 3, 96, 0.8, 32, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new RegionPlanner(480, 360, 0, 3, 96, 0.8, 32, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new RegionPlanner(480, 360, 1, 0.5, 96, 0.8, 32, 0.3));
    }
}
