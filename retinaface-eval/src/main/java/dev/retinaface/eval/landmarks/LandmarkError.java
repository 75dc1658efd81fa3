package dev.retinaface.eval.landmarks;

import dev.retinaface.core.boxes.Iou;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.data.AnnotatedFace;
import dev.retinaface.core.data.AnnotatedImage;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Landmark error against annotated faces: each annotated face with five landmarks is matched one-to-one to a
 * detection (highest IoU first, IoU at least 0.5); its error is the mean distance of the five points divided by
 * {@code sqrt(w * h)} of the annotated box. Faces without a match count as missed, not as errors.
 *
 * @param images      images measured
 * @param faces       annotated faces with landmarks
 * @param matched     of those, faces matched to a detection
 * @param meanError   mean normalised error over matched faces
 * @param medianError median of the same
 */
public record LandmarkError(int images, int faces, int matched, double meanError, double medianError) {

    /** Lowest IoU at which an annotated face and a detection are matched. */
    public static final double MIN_IOU = 0.5;

    /** Runs {@code detector} on each image under {@code imageRoot} and measures its landmarks. */
    public static LandmarkError measure(FaceDetector detector, List<AnnotatedImage> images, Path imageRoot) throws IOException {
        List<Double> errors = new ArrayList<>();
        int faces = 0;
        for (AnnotatedImage image : images) {
            List<AnnotatedFace> truth = image.faces().stream().filter(AnnotatedFace::hasLandmarks).toList();
            if (truth.isEmpty()) {
                continue;
            }
            faces += truth.size();
            errors.addAll(errors(truth, detector.detect(imageRoot.resolve(image.relativePath()))));
        }
        double mean = errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double median = errors.isEmpty() ? Double.NaN
                : errors.stream().sorted().skip(errors.size() / 2).findFirst().orElseThrow();
        return new LandmarkError(images.size(), faces, errors.size(), mean, median);
    }

    /** Errors of the annotated faces matched one-to-one to detections, highest IoU first. */
    public static List<Double> errors(List<AnnotatedFace> truth, List<Face> found) {
        List<double[]> pairs = new ArrayList<>(); // iou, truth index, detection index
        for (int t = 0; t < truth.size(); t++) {
            for (int d = 0; d < found.size(); d++) {
                double iou = Iou.continuous(truth.get(t).box(), found.get(d).box());
                if (iou >= MIN_IOU) {
                    pairs.add(new double[] {iou, t, d});
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((double[] p) -> p[0]).reversed());
        boolean[] truthUsed = new boolean[truth.size()];
        boolean[] foundUsed = new boolean[found.size()];
        List<Double> errors = new ArrayList<>();
        for (double[] p : pairs) {
            int t = (int) p[1];
            int d = (int) p[2];
            if (!truthUsed[t] && !foundUsed[d]) {
                truthUsed[t] = foundUsed[d] = true;
                errors.add(error(truth.get(t), found.get(d)));
            }
        }
        return errors;
    }

    private static double error(AnnotatedFace truth, Face face) {
        Box b = truth.box();
        double scale = Math.sqrt((double) b.width() * b.height());
        double sum = 0;
        for (int k = 0; k < 5; k++) {
            Point p = truth.landmarks().get(k);
            Point q = face.landmarks().get(k);
            sum += Math.hypot(p.x() - q.x(), p.y() - q.y());
        }
        return sum / 5 / scale;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "landmark error (mean point distance / sqrt(box area)): mean %.4f, median %.4f "
                + "over %d of %d faces with landmarks matched at IoU >= %.1f, %d images", meanError, medianError, matched,
                faces, MIN_IOU, images);
    }
}
