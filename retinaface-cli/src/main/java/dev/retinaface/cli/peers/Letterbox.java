package dev.retinaface.cli.peers;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.FloatBuffer;

/**
 * Fits an image into a square model input keeping its aspect ratio, centred, with black bars (MediaPipe's
 * "keep aspect ratio" image-to-tensor mode), and maps model-input coordinates back to the image.
 *
 * @param imageWidth  source width
 * @param imageHeight source height
 * @param size        side of the square input
 */
public record Letterbox(int imageWidth, int imageHeight, int size) {

    public Letterbox {
        if (imageWidth < 1 || imageHeight < 1 || size < 1) {
            throw new IllegalArgumentException("bad letterbox: " + imageWidth + "x" + imageHeight + " into " + size);
        }
    }

    /** Input pixels per image pixel. */
    public double scale() {
        return Math.min((double) size / imageWidth, (double) size / imageHeight);
    }

    /** Width of the image inside the input, in input pixels. */
    public int contentWidth() {
        return Math.max(1, (int) Math.round(imageWidth * scale()));
    }

    /** Height of the image inside the input, in input pixels. */
    public int contentHeight() {
        return Math.max(1, (int) Math.round(imageHeight * scale()));
    }

    /** Left bar width in input pixels. */
    public int padLeft() {
        return (size - contentWidth()) / 2;
    }

    /** Top bar height in input pixels. */
    public int padTop() {
        return (size - contentHeight()) / 2;
    }

    /** Image x of a model-input x given in [0, 1]. */
    public float imageX(float normalised) {
        return (float) ((normalised * size - padLeft()) * imageWidth / contentWidth());
    }

    /** Image y of a model-input y given in [0, 1]. */
    public float imageY(float normalised) {
        return (float) ((normalised * size - padTop()) * imageHeight / contentHeight());
    }

    /**
     * Writes the letterboxed image as NHWC RGB floats in [-1, 1] (black bars are -1) into {@code out}, from its
     * current position.
     */
    public void fillRgb(BufferedImage image, FloatBuffer out) {
        BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(shrink(image, contentWidth(), contentHeight()), padLeft(), padTop(), contentWidth(),
                    contentHeight(), null);
        } finally {
            g.dispose();
        }
        byte[] bgr = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        for (int p = 0; p < size * size; p++) {
            out.put((bgr[3 * p + 2] & 0xff) / 127.5f - 1f);
            out.put((bgr[3 * p + 1] & 0xff) / 127.5f - 1f);
            out.put((bgr[3 * p] & 0xff) / 127.5f - 1f);
        }
    }

    /** Halves the image (bilinear) while it is more than twice the target, so the last bilinear step does not alias. */
    private static BufferedImage shrink(BufferedImage image, int w, int h) {
        BufferedImage current = image;
        while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
            BufferedImage half = new BufferedImage(Math.max(1, current.getWidth() / 2),
                    Math.max(1, current.getHeight() / 2), BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = half.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(current, 0, 0, half.getWidth(), half.getHeight(), null);
            } finally {
                g.dispose();
            }
            current = half;
        }
        return current;
    }
}
