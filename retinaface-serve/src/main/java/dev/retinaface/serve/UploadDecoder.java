package dev.retinaface.serve;

import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageLoadConfig;
import dev.retinaface.core.image.ImageLoadException;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.LoadedImage;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Reads uploads: the header first ({@link #probe}), for the size check and the memory estimate, then the pixels
 * ({@link #decode}), subsampled while decoding when the plan says so, so a huge image never exists at full size.
 * Errors are {@link ServiceException}s in the service's words.
 */
final class UploadDecoder {

    private static final Set<String> ACCEPTED = Set.of("jpeg", "jpg", "png", "bmp", "gif", "webp", "tiff", "tif");
    private static final String SUPPORTED = "JPEG, PNG, BMP, GIF, WebP or TIFF";

    private final long maxPixels;
    private final ImageLoader fullSize;

    UploadDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
        this.fullSize = new ImageLoader(ImageLoadConfig.defaults().withMaxPixels(maxPixels));
    }

    /** Width and height of the stored image from its header; 413 past the pixel limit. */
    int[] probe(byte[] data) {
        if (data.length == 0) {
            throw ServiceException.badRequest("empty_body", "The request has no image: the body is empty.");
        }
        ImageReader reader = null;
        try (ImageInputStream in = stream(data)) {
            reader = reader(in);
            reader.setInput(in, true, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw corrupt();
            }
            if (width <= 0 || height <= 0) {
                throw corrupt();
            }
            if ((long) width * height > maxPixels) {
                throw new ServiceException(413, "image_too_large", String.format(Locale.ROOT,
                        "The image is %d x %d pixels (%.1f MP); this service accepts at most %.1f MP.",
                        width, height, width * (double) height / 1e6, maxPixels / 1e6));
            }
            return new int[]{width, height};
        } catch (IOException e) {
            throw corrupt();
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /** The pixels as 8-bit BGR, full size (EXIF orientation applied) or subsampled as the plan says. */
    Decoded decode(byte[] data, ImagePlan plan) {
        try {
            if (plan.subsample() == 1) {
                LoadedImage loaded = fullSize.load(data, "upload");
                return new Decoded(loaded.image(), loaded.exifOrientation());
            }
            return new Decoded(subsampled(data, plan.subsample()), 1);
        } catch (ImageLoadException e) {
            throw corrupt();
        } catch (IOException | RuntimeException e) {
            if (e instanceof ServiceException se) {
                throw se;
            }
            throw corrupt();
        }
    }

    private static BufferedImage subsampled(byte[] data, int factor) throws IOException {
        ImageReader reader = null;
        try (ImageInputStream in = stream(data)) {
            reader = reader(in);
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(factor, factor, 0, 0);
            return BgrImages.toBgr(reader.read(0, param));
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /** A decoded upload and the EXIF orientation that was applied (1 = none). */
    record Decoded(BufferedImage image, int orientation) {
    }

    private static ImageInputStream stream(byte[] data) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(data));
    }

    private static ImageReader reader(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format;
            try {
                format = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
            } catch (RuntimeException e) {
                format = "";
            }
            if (ACCEPTED.contains(format)) {
                return reader;
            }
            reader.dispose();
        }
        throw new ServiceException(415, "unsupported_image",
                "The body is not an image this service can read; send " + SUPPORTED + ".");
    }

    private static ServiceException corrupt() {
        return new ServiceException(422, "corrupt_image", "The image data is truncated or corrupt.");
    }
}
