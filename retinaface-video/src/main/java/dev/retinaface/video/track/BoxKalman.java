package dev.retinaface.video.track;

import dev.retinaface.core.geometry.Box;

/**
 * A constant-velocity Kalman filter on a box's centre and size (cx, cy, w, h). The motion model and the noise are
 * separable per coordinate, so the filter runs as four independent position/velocity filters with 2×2 covariances;
 * process and measurement noise scale with the box height, as in ByteTrack, so small and large faces behave alike.
 */
final class BoxKalman {

    private static final double POSITION_NOISE = 1.0 / 20;
    private static final double VELOCITY_NOISE = 1.0 / 160;

    /** Per coordinate: value, velocity, and the covariance entries p00, p01, p11. */
    private final double[] x = new double[4];
    private final double[] v = new double[4];
    private final double[] p00 = new double[4];
    private final double[] p01 = new double[4];
    private final double[] p11 = new double[4];

    BoxKalman(Box box) {
        double[] z = measure(box);
        double h = Math.max(1, box.height());
        for (int i = 0; i < 4; i++) {
            x[i] = z[i];
            v[i] = 0;
            p00[i] = sq(2 * POSITION_NOISE * h);
            p01[i] = 0;
            p11[i] = sq(10 * VELOCITY_NOISE * h);
        }
    }

    /** Advances the state by {@code steps} frames. */
    void predict(int steps) {
        for (int s = 0; s < steps; s++) {
            double h = Math.max(1, x[3]);
            double q0 = sq(POSITION_NOISE * h);
            double q1 = sq(VELOCITY_NOISE * h);
            for (int i = 0; i < 4; i++) {
                x[i] += v[i];
                double a = p00[i] + 2 * p01[i] + p11[i] + q0;
                double b = p01[i] + p11[i];
                p00[i] = a;
                p01[i] = b;
                p11[i] = p11[i] + q1;
            }
            x[2] = Math.max(1, x[2]);
            x[3] = Math.max(1, x[3]);
        }
    }

    /** Folds a measured box into the state. */
    void update(Box box) {
        double[] z = measure(box);
        double r = sq(POSITION_NOISE * Math.max(1, box.height()));
        for (int i = 0; i < 4; i++) {
            double s = p00[i] + r;
            double k0 = p00[i] / s;
            double k1 = p01[i] / s;
            double innovation = z[i] - x[i];
            x[i] += k0 * innovation;
            v[i] += k1 * innovation;
            double n00 = (1 - k0) * p00[i];
            double n01 = (1 - k0) * p01[i];
            double n11 = p11[i] - k1 * p01[i];
            p00[i] = n00;
            p01[i] = n01;
            p11[i] = n11;
        }
    }

    /** Moves and scales the box with the camera: p goes to {@code c + s × (p - c) + d}; velocities scale too. */
    void moveCamera(double s, double dx, double dy, double cx, double cy) {
        x[0] = cx + s * (x[0] - cx) + dx;
        x[1] = cy + s * (x[1] - cy) + dy;
        x[2] *= s;
        x[3] *= s;
        for (int i = 0; i < 4; i++) {
            v[i] *= s;
        }
    }

    /** Makes the velocity zero (used when a track is re-found after a long gap). */
    void stop() {
        java.util.Arrays.fill(v, 0);
    }

    /** The current box estimate. */
    Box box() {
        return box(0);
    }

    /** The box one frame ahead, as {@link #predict predict(1)} would make it, without changing the state. */
    Box nextBox() {
        return box(1);
    }

    private Box box(int ahead) {
        double cx = x[0] + ahead * v[0];
        double cy = x[1] + ahead * v[1];
        double w = Math.max(1, x[2] + ahead * v[2]);
        double h = Math.max(1, x[3] + ahead * v[3]);
        return new Box((float) (cx - w / 2), (float) (cy - h / 2), (float) (cx + w / 2), (float) (cy + h / 2));
    }

    private static double[] measure(Box box) {
        return new double[] {box.centerX(), box.centerY(), box.width(), box.height()};
    }

    private static double sq(double a) {
        return a * a;
    }
}
