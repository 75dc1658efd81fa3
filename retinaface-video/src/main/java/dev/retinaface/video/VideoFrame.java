package dev.retinaface.video;

import dev.retinaface.core.image.BgrImages;

import java.awt.image.BufferedImage;

/**
 * One decoded video frame, as a {@link BufferedImage#TYPE_3BYTE_BGR} image owned by the pipeline's pool: valid only
 * during the call it is passed to. Outputs that keep pixels must copy them.
 *
 * @param index           0-based frame number
 * @param timestampMicros presentation time in microseconds from the start
 * @param image           the pixels (outputs may change them in place, e.g. the anonymiser, which runs last)
 */
public record VideoFrame(long index, long timestampMicros, BufferedImage image) {

    public byte[] bytes() {
        return BgrImages.bytes(image);
    }
}
