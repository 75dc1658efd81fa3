package dev.retinaface.core.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An image as {@link ImageLoader} returns it.
 *
 * @param source          the file path or name it came from (for messages and reports)
 * @param image           {@link BufferedImage#TYPE_3BYTE_BGR} pixels, already turned upright when the EXIF
 *                        orientation was applied
 * @param exifOrientation the EXIF orientation tag, 1 to 8 (1 = upright; also 1 when there is no tag)
 * @param originalWidth   width as stored in the file, before orientation
 * @param originalHeight  height as stored in the file, before orientation
 */
public record LoadedImage(String source, BufferedImage image, int exifOrientation, int originalWidth, int originalHeight) {

    public LoadedImage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(image, "image");
        if (exifOrientation < 1 || exifOrientation > 8) {
            throw new IllegalArgumentException("EXIF orientation is 1..8, got " + exifOrientation);
        }
    }

    /** Width of {@link #image()} (after orientation). */
    public int width() {
        return image.getWidth();
    }

    /** Height of {@link #image()} (after orientation). */
    public int height() {
        return image.getHeight();
    }
}
