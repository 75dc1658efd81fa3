package dev.retinaface.cli.evaluate;

import dev.retinaface.core.geometry.Face;

import java.awt.image.BufferedImage;
import java.util.List;

/** Finds the faces of a decoded image ({@code Detector::detect}, or a stand-in in tests). */
@FunctionalInterface
public interface FaceFinder {

    /** Faces in pixels of {@code image}. */
    List<Face> detect(BufferedImage image);
}
