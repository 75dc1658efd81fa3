package dev.retinaface.core.geometry;

/** A point in image pixels. */
public record Point(float x, float y) {
}
