package dev.retinaface.spark;

import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.LoadedImage;

import java.util.List;

/**
 * The outcome for one image: the decoded image and its faces, or the reason it could not be read or detected.
 *
 * @param image the decoded image (EXIF orientation applied), null on error
 * @param faces the faces, best first; null on error
 * @param error a message naming the image and the reason, null when the image was read
 */
public record ImageResult(LoadedImage image, List<Face> faces, String error) {

    static ImageResult ok(LoadedImage image, List<Face> faces) {
        return new ImageResult(image, faces, null);
    }

    static ImageResult failed(String error) {
        return new ImageResult(null, null, error);
    }

    /** Whether the image was read and detected. */
    public boolean isOk() {
        return error == null;
    }
}
