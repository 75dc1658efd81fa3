package dev.retinaface.core.anonymize;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.image.BgrImages;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.Objects;

/**
 * Makes faces unrecognisable: each box, grown by the configured margin and clipped to the image, is blurred,
 * pixelated or filled. Pixels outside the grown boxes are never touched. Works on 8-bit BGR pixels; one instance
 * is immutable and thread-safe. Shared by the {@code blur} command, the video pipeline, the service and Spark.
 */
public final class FaceAnonymizer {

    private final AnonymizeConfig config;

    public FaceAnonymizer(AnonymizeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public AnonymizeConfig config() {
        return config;
    }

    /** A BGR copy of {@code image} with every box masked; the input is left as it is. */
    public BufferedImage apply(BufferedImage image, List<Box> boxes) {
        BufferedImage bgr = BgrImages.toBgr(image);
        BufferedImage copy = bgr == image ? copyOf(bgr) : bgr;
        applyInPlace(copy, boxes);
        return copy;
    }

    /**
     * Masks every box of a {@link BufferedImage#TYPE_3BYTE_BGR} image in place (video frames, where a copy per frame
     * would be waste).
     *
     * @throws IllegalArgumentException for other image types (convert with {@link BgrImages#toBgr} first)
     */
    public void applyInPlace(BufferedImage bgr, List<Box> boxes) {
        byte[] pixels = BgrImages.bytes(bgr);
        int width = bgr.getWidth();
        int height = bgr.getHeight();
        for (Box box : boxes) {
            Region r = grown(box, width, height);
            if (r == null) {
                continue;
            }
            int extent = Math.max(1, (int) Math.round(config.strength() * Math.max(box.width(), box.height()) / 4));
            switch (config.style()) {
                case GAUSSIAN -> MaskOps.blur(pixels, width, r.x0, r.y0, r.x1, r.y1, extent);
                case PIXELATE -> MaskOps.pixelate(pixels, width, r.x0, r.y0, r.x1, r.y1, Math.max(2, extent));
                case SOLID -> MaskOps.fill(pixels, width, r.x0, r.y0, r.x1, r.y1, config.solidRgb());
            }
        }
    }

    /** The pixel rectangle {@code [x0, x1) × [y0, y1)} a box covers once grown, or null when it misses the image. */
    Region grown(Box box, int width, int height) {
        if (!(Float.isFinite(box.x1()) && Float.isFinite(box.y1()) && Float.isFinite(box.x2()) && Float.isFinite(box.y2()))) {
            return null;
        }
        double mx = config.margin() * box.width();
        double my = config.margin() * box.height();
        int x0 = (int) Math.max(0, Math.floor(box.x1() - mx));
        int y0 = (int) Math.max(0, Math.floor(box.y1() - my));
        int x1 = (int) Math.min(width, Math.ceil(box.x2() + mx));
        int y1 = (int) Math.min(height, Math.ceil(box.y2() + my));
        return x1 > x0 && y1 > y0 ? new Region(x0, y0, x1, y1) : null;
    }

    /** The pixels a box's mask covers (grown by the margin, clipped), as {@code [x0, x1) × [y0, y1)}. */
    record Region(int x0, int y0, int x1, int y1) {
    }

    private static BufferedImage copyOf(BufferedImage bgr) {
        BufferedImage copy = new BufferedImage(bgr.getWidth(), bgr.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] from = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        byte[] to = ((DataBufferByte) copy.getRaster().getDataBuffer()).getData();
        System.arraycopy(from, 0, to, 0, from.length);
        return copy;
    }
}
