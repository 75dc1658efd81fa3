package dev.retinaface.core.align;

import dev.retinaface.core.geometry.Point;

/**
 * A 2x3 affine transform {@code x' = a x + b y + tx}, {@code y' = c x + d y + ty} (the layout of OpenCV's
 * {@code warpAffine} matrices and of skimage's {@code params[:2]}).
 */
public record Affine(double a, double b, double tx, double c, double d, double ty) {

    /** The transform applied to {@code p}. */
    public Point apply(Point p) {
        return new Point((float) (a * p.x() + b * p.y() + tx), (float) (c * p.x() + d * p.y() + ty));
    }

    /** The inverse transform; fails when the transform is singular. */
    public Affine inverse() {
        double det = a * d - b * c;
        if (det == 0 || !Double.isFinite(det)) {
            throw new IllegalStateException("affine transform is not invertible: " + this);
        }
        double ia = d / det;
        double ib = -b / det;
        double ic = -c / det;
        double id = a / det;
        return new Affine(ia, ib, -(ia * tx + ib * ty), ic, id, -(ic * tx + id * ty));
    }

    /** Rows {@code [[a, b, tx], [c, d, ty]]}. */
    public double[][] toMatrix() {
        return new double[][] {{a, b, tx}, {c, d, ty}};
    }

    /** Scale of a similarity transform ({@code sqrt(a^2 + c^2)}). */
    public double similarityScale() {
        return Math.hypot(a, c);
    }

    /** Rotation angle of a similarity transform, radians, counter-clockwise in x-right/y-down image axes. */
    public double similarityAngle() {
        return Math.atan2(c, a);
    }
}
