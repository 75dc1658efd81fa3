package dev.retinaface.core.align;

import dev.retinaface.core.geometry.Point;

import java.util.ArrayList;
import java.util.List;

/**
 * The five-point face template of ArcFace / insightface ({@code arcface_dst}) for 112x112 crops: left eye,
 * right eye, nose tip, left mouth corner, right mouth corner, in crop pixels.
 */
public final class ArcFaceTemplate {

    /** Side of the crop the template is defined for. */
    public static final int SIZE = 112;

    private static final List<Point> POINTS = List.of(
            new Point(38.2946f, 51.6963f),
            new Point(73.5318f, 51.5014f),
            new Point(56.0252f, 71.7366f),
            new Point(41.5493f, 92.3655f),
            new Point(70.7299f, 92.2041f));

    private ArcFaceTemplate() {
    }

    /** The template for a 112x112 crop. */
    public static List<Point> points() {
        return POINTS;
    }

    /**
     * The template for a square crop of {@code size} pixels, following insightface's {@code estimate_norm}: a
     * multiple of 112 scales the template by {@code size / 112}; a multiple of 128 scales it by
     * {@code size / 128} and shifts x by {@code 8 size / 128} (the 128-pixel crops keep the 112 face centred);
     * any other size scales by {@code size / 112}.
     */
    public static List<Point> forCropSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("crop size must be positive, got " + size);
        }
        double ratio;
        double shiftX;
        if (size % SIZE != 0 && size % 128 == 0) {
            ratio = size / 128.0;
            shiftX = 8.0 * ratio;
        } else {
            ratio = size / (double) SIZE;
            shiftX = 0;
        }
        List<Point> out = new ArrayList<>(POINTS.size());
        for (Point p : POINTS) {
            out.add(new Point((float) (p.x() * ratio + shiftX), (float) (p.y() * ratio)));
        }
        return List.copyOf(out);
    }
}
