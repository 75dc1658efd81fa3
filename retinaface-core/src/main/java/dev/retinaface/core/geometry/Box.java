package dev.retinaface.core.geometry;

/** An axis-aligned box in image pixels, corners {@code (x1, y1)} and {@code (x2, y2)}. */
public record Box(float x1, float y1, float x2, float y2) {

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float centerX() {
        return (x1 + x2) / 2f;
    }

    public float centerY() {
        return (y1 + y2) / 2f;
    }
}
