package dev.retinaface.core.image;

/**
 * Settings of {@link ImageLoader}.
 *
 * @param maxPixels             largest accepted {@code width * height} of the stored image; checked from the header
 *                              before any pixel is decoded, so a hostile or broken header cannot exhaust memory
 *                              (a 3-byte BGR copy costs 3 bytes per pixel, the decoder's own buffer often 4 more)
 * @param applyExifOrientation  rotate/flip JPEG images as their EXIF orientation tag says (as OpenCV's
 *                              {@code imread} and photo viewers do); when false the stored pixels are returned
 *                              and the tag is still reported
 */
public record ImageLoadConfig(long maxPixels, boolean applyExifOrientation) {

    /** Default pixel limit: 50 megapixels (about 150 MB as BGR bytes). */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    public ImageLoadConfig {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
        // a BufferedImage is backed by one Java array of 3 * pixels bytes
        if (maxPixels > Integer.MAX_VALUE / 3) {
            throw new IllegalArgumentException("maxPixels must be at most " + Integer.MAX_VALUE / 3
                    + " (one Java array holds the BGR bytes), got " + maxPixels);
        }
    }

    /** 50 megapixels, EXIF orientation applied. */
    public static ImageLoadConfig defaults() {
        return new ImageLoadConfig(DEFAULT_MAX_PIXELS, true);
    }

    /** A copy with another pixel limit. */
    public ImageLoadConfig withMaxPixels(long pixels) {
        return new ImageLoadConfig(pixels, applyExifOrientation);
    }

    /** A copy that does or does not apply the EXIF orientation. */
    public ImageLoadConfig withApplyExifOrientation(boolean apply) {
        return new ImageLoadConfig(maxPixels, apply);
    }
}
