package dev.retinaface.video.roi;

import dev.retinaface.core.geometry.Box;

/**
 * A rectangle of whole pixels in frame coordinates, {@code [x0, x1) × [y0, y1)}: one crop the detector runs on.
 *
 * @param x0 left column (inclusive)
 * @param y0 top row (inclusive)
 * @param x1 right column (exclusive)
 * @param y1 bottom row (exclusive)
 */
public record Region(int x0, int y0, int x1, int y1) {

    public Region {
        if (x0 < 0 || y0 < 0 || x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("empty or negative region " + x0 + "," + y0 + " - " + x1 + "," + y1);
        }
    }

    public int width() {
        return x1 - x0;
    }

    public int height() {
        return y1 - y0;
    }

    /** Pixels covered. */
    public long area() {
        return (long) width() * height();
    }

    /** True when the two share at least one pixel. */
    public boolean overlaps(Region other) {
        return x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1;
    }

    /** The smallest region holding both. */
    public Region union(Region other) {
        return new Region(Math.min(x0, other.x0), Math.min(y0, other.y0), Math.max(x1, other.x1), Math.max(y1, other.y1));
    }

    /**
     * True when {@code box} (frame coordinates) comes within {@code tolerance} pixels of an edge of this region that
     * is not also an edge of the {@code frameWidth × frameHeight} frame: there the crop cut the picture, and a
     * detection may be a part of a face or see zero padding where the frame has content.
     */
    public boolean touchesInnerEdge(Box box, float tolerance, int frameWidth, int frameHeight) {
        return x0 > 0 && box.x1() <= x0 + tolerance
                || y0 > 0 && box.y1() <= y0 + tolerance
                || x1 < frameWidth && box.x2() >= x1 - tolerance
                || y1 < frameHeight && box.y2() >= y1 - tolerance;
    }
}
