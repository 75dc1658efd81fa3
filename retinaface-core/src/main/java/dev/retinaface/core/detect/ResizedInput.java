package dev.retinaface.core.detect;

import dev.retinaface.core.image.ImageTensors;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

/**
 * How an image is resized before it is fed to the network.
 *
 * @param scale  factor from original to network pixels ({@code fx = fy}); detections are divided by it
 * @param width  width fed to the network
 * @param height height fed to the network
 */
public record ResizedInput(double scale, int width, int height) {

    public ResizedInput {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("resized size must be at least 1x1, got " + width + "x" + height);
        }
    }

    /** True when the image is used as it is. */
    public boolean isIdentity() {
        return scale == 1.0;
    }

    /**
     * Writes the network input of {@code bgr} (the image this size was computed for) at this size into {@code dst}
     * from {@code offset}: BGR minus the means, NCHW, resized bilinearly unless {@link #isIdentity()}, mirrored when
     * {@code flipHorizontal}.
     */
    public void fill(BufferedImage bgr, FloatBuffer dst, int offset, boolean flipHorizontal) {
        if (isIdentity()) {
            ImageTensors.toNchw(bgr, dst, offset, flipHorizontal);
        } else {
            ImageTensors.toNchwScaled(bgr, scale, dst, offset, flipHorizontal);
        }
    }
}
