package dev.retinaface.video.roi;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * Detection on a frame between full detections: plans crops around the boxes the tracker expects
 * ({@link RegionPlanner}) and runs the detector on them ({@link RegionDetector}), or on the whole frame when the crops
 * would cover most of it.
 */
public final class RegionRefiner {

    /** Crop side as a multiple of the face's longer side. */
    static final double CONTEXT = 3;
    /** Least crop side, in network input pixels (three cells of the coarsest stride). */
    static final double MIN_SIDE = 96;
    /** Faces with a longer side of this many input pixels or more get no crop: the motion model carries them. */
    static final double MAX_FACE = 32;
    /** Share of the frame from which the whole frame is detected instead of crops (when the budget allows it). */
    static final double WHOLE_FRAME_FRACTION = 0.8;

    /**
     * The faces of one frame and where they were looked for.
     *
     * @param faces detections in frame coordinates
     * @param plan  where the detector ran ({@link RegionPlan#searches} tells which tracks it looked at)
     */
    public record Result(List<Face> faces, RegionPlan plan) {
    }

    private final FaceDetector detector;
    private final RegionPlanner planner;
    private final RegionDetector regions;

    private RegionRefiner(FaceDetector detector, RegionPlanner planner) {
        this.detector = detector;
        this.planner = planner;
        this.regions = new RegionDetector(detector);
    }

    /**
     * A refiner for {@code width × height} frames, or empty when crops cannot reproduce the detector's view of the
     * whole frame: with test-time augmentation (several runs), or a resize whose scale depends on the image size
     * (short side, long side; give the detector {@code scale:F} with the frame's factor instead).
     *
     * @param budget largest share of the frame's pixels the crops of one frame may cover, in (0, 1]; the smallest faces
     *               get crops first. At 1, a frame whose crops would cover most of it is detected whole.
     */
    public static Optional<RegionRefiner> of(FaceDetector detector, int width, int height, double budget) {
        DetectorConfig config = detector.config();
        if (!config.isSingleRun()) {
            return Optional.empty();
        }
        ResizePolicy resize = config.runScales().get(0);
        if (!(resize instanceof ResizePolicy.Original || resize instanceof ResizePolicy.FixedScale)) {
            return Optional.empty();
        }
        double scale = resize.scale(width, height);
        RegionPlanner planner = new RegionPlanner(width, height, scale, CONTEXT, MIN_SIDE / scale,
                WHOLE_FRAME_FRACTION, MAX_FACE / scale, budget);
        return Optional.of(new RegionRefiner(detector, planner));
    }

    /** Detects in {@code frame} around {@code expected} (frame coordinates); no faces when the plan has no crops. */
    public Result detect(BufferedImage frame, List<Box> expected) {
        RegionPlan plan = planner.plan(expected);
        if (plan.wholeFrame()) {
            return new Result(detector.detect(frame), plan);
        }
        return new Result(plan.regions().isEmpty() ? List.of() : regions.detect(frame, plan.regions()), plan);
    }
}
