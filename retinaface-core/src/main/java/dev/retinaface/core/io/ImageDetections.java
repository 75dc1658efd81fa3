package dev.retinaface.core.io;

import dev.retinaface.core.geometry.Face;

import java.util.List;

/**
 * The faces found in one image, as written to and read from JSON.
 *
 * @param image       the image's path or name as given
 * @param width       width in pixels after EXIF orientation
 * @param height      height in pixels after EXIF orientation
 * @param orientation EXIF orientation applied (1 = none)
 * @param faces       faces, best first
 */
public record ImageDetections(String image, int width, int height, int orientation, List<Face> faces) {
    public ImageDetections {
        faces = List.copyOf(faces);
    }
}
