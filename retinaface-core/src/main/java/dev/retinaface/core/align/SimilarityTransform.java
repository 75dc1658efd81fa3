package dev.retinaface.core.align;

import dev.retinaface.core.geometry.Point;

import java.util.List;

/**
 * Least-squares similarity transform (uniform scale, rotation, translation; no reflection) between point sets,
 * the estimate skimage's {@code SimilarityTransform.estimate} (Umeyama 1991) gives and insightface's
 * {@code norm_crop} uses for alignment.
 *
 * <p>In two dimensions Umeyama's solution with the reflection guard has a closed form: with both point sets
 * centred on their means, the linear part is {@code [[p, -q], [q, p]]} where
 * {@code p = sum(x.x' + y.y') / sum(x^2 + y^2)} and {@code q = sum(x.y' - y.x') / sum(x^2 + y^2)}
 * (the complex least-squares ratio); the translation maps the source mean onto the target mean.
 */
public final class SimilarityTransform {

    private SimilarityTransform() {
    }

    /**
     * The transform {@code T} minimising {@code sum |T(src_i) - dst_i|^2}.
     *
     * @throws IllegalArgumentException when the lists differ in length, hold fewer than two points, or the
     *                                  source points all coincide
     */
    public static Affine estimate(List<Point> src, List<Point> dst) {
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("need as many target points as source points, got "
                    + src.size() + " and " + dst.size());
        }
        int n = src.size();
        if (n < 2) {
            throw new IllegalArgumentException("a similarity transform needs at least 2 point pairs, got " + n);
        }
        double sx = 0;
        double sy = 0;
        double dx = 0;
        double dy = 0;
        for (int i = 0; i < n; i++) {
            sx += src.get(i).x();
            sy += src.get(i).y();
            dx += dst.get(i).x();
            dy += dst.get(i).y();
        }
        sx /= n;
        sy /= n;
        dx /= n;
        dy /= n;
        double norm = 0;
        double dot = 0;
        double cross = 0;
        for (int i = 0; i < n; i++) {
            double x = src.get(i).x() - sx;
            double y = src.get(i).y() - sy;
            double u = dst.get(i).x() - dx;
            double v = dst.get(i).y() - dy;
            norm += x * x + y * y;
            dot += x * u + y * v;
            cross += x * v - y * u;
        }
        if (!(norm > 0)) {
            throw new IllegalArgumentException("source points all coincide: no similarity transform is defined");
        }
        double p = dot / norm;
        double q = cross / norm;
        return new Affine(p, -q, dx - (p * sx - q * sy), q, p, dy - (q * sx + p * sy));
    }
}
