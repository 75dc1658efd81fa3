package dev.retinaface.core.image;

import java.util.Locale;

/** An image has more pixels than the configured limit ({@link ImageLoadConfig#maxPixels()}); nothing was decoded. */
public class ImageTooLargeException extends ImageLoadException {

    private final String source;
    private final int width;
    private final int height;
    private final long limit;

    public ImageTooLargeException(String source, int width, int height, long limit) {
        super(String.format(Locale.ROOT, "Cannot load %s: the image is %d x %d = %,d pixels, more than the limit of %,d pixels",
                source, width, height, (long) width * height, limit));
        this.source = source;
        this.width = width;
        this.height = height;
        this.limit = limit;
    }

    /** The file or name of the image. */
    public String source() {
        return source;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Pixels of the image, {@code width * height}. */
    public long pixels() {
        return (long) width * height;
    }

    /** The limit it exceeded. */
    public long limit() {
        return limit;
    }
}
