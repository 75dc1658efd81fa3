package dev.retinaface.core.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads JPEG (including CMYK/YCCK, via TwelveMonkeys), PNG, BMP, GIF (first frame), WebP and TIFF into
 * {@code TYPE_3BYTE_BGR} pixels, the layout the network expects, with OpenCV {@code imread(IMREAD_COLOR)} semantics
 * (see {@link BgrImages}). JPEG EXIF orientation is applied and reported.
 *
 * <p>The image size is read from the header and checked against {@link ImageLoadConfig#maxPixels()} before any
 * pixel is decoded. Truncated or corrupt data fails with {@link ImageLoadException} instead of returning an image
 * padded with grey. Readers and streams are always closed. Instances are immutable and thread-safe.
 */
public final class ImageLoader {

    /** Names of the formats accepted, as ImageIO spells them (lower case). */
    private static final Set<String> ACCEPTED = Set.of("jpeg", "jpg", "png", "bmp", "gif", "webp", "tiff", "tif");
    static final String SUPPORTED = "JPEG, PNG, BMP, GIF, WebP, TIFF";

    private final ImageLoadConfig config;

    /** A loader with {@link ImageLoadConfig#defaults()}. */
    public ImageLoader() {
        this(ImageLoadConfig.defaults());
    }

    public ImageLoader(ImageLoadConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public ImageLoadConfig config() {
        return config;
    }

    /** Loads an image file. */
    public LoadedImage load(Path path) throws ImageLoadException {
        Objects.requireNonNull(path, "path");
        String source = path.toString();
        if (!Files.exists(path)) {
            throw new ImageLoadException("Image file not found: " + source);
        }
        if (Files.isDirectory(path)) {
            throw new ImageLoadException("Not an image file but a directory: " + source);
        }
        if (!Files.isReadable(path)) {
            throw new ImageLoadException("Image file is not readable (permissions): " + source);
        }
        try {
            if (Files.size(path) == 0) {
                throw new ImageLoadException("Image file is empty (0 bytes): " + source);
            }
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageLoadException("Cannot read image file " + source + ": " + e.getMessage(), e);
        }
        try (ImageInputStream in = new FileImageInputStream(path.toFile())) {
            return decode(in, source);
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageLoadException("Cannot read image file " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads an image from memory.
     *
     * @param name how messages and {@link LoadedImage#source()} call it (a file name or URL)
     */
    public LoadedImage load(byte[] data, String name) throws ImageLoadException {
        Objects.requireNonNull(data, "data");
        String source = name == null ? "<bytes>" : name;
        if (data.length == 0) {
            throw new ImageLoadException("Image data is empty (0 bytes): " + source);
        }
        try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
            return decode(in, source);
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageLoadException("Cannot read image " + source + ": " + e.getMessage(), e);
        }
    }

    private LoadedImage decode(ImageInputStream in, String source) throws IOException {
        ImageReader reader = findReader(in, source);
        String format = formatName(reader);
        try {
            int orientation = ExifOrientation.UPRIGHT;
            if (format.equals("jpeg") || format.equals("jpg")) {
                orientation = ExifOrientation.readJpeg(in);
            }
            if (format.equals("bmp")) {
                String problem = BmpHeaderCheck.problem(in);
                if (problem != null) {
                    throw damaged(source, format, problem, null);
                }
            }
            reader.setInput(in, true, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw damaged(source, format, e.getMessage(), e);
            }
            checkSize(source, width, height);
            checkDecodedBytes(reader, source, format, width, height);
            ReadWarnings warnings = new ReadWarnings();
            reader.addIIOReadWarningListener(warnings);
            BufferedImage decoded;
            try {
                decoded = reader.read(0);
            } catch (IOException | RuntimeException e) {
                throw damaged(source, format, describe(e), e);
            }
            String fatal = warnings.firstFatal();
            if (fatal != null) {
                throw damaged(source, format, fatal, null);
            }
            BufferedImage bgr = BgrImages.toBgr(decoded);
            BufferedImage upright = config.applyExifOrientation() ? ExifOrientation.apply(bgr, orientation) : bgr;
            return new LoadedImage(source, upright, orientation, width, height);
        } finally {
            reader.dispose();
        }
    }

    /** The first installed reader of an accepted format that recognises the data. */
    private static ImageReader findReader(ImageInputStream in, String source) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        String otherFormat = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = formatName(reader);
            if (ACCEPTED.contains(format)) {
                return reader;
            }
            if (otherFormat == null) {
                otherFormat = format;
            }
            reader.dispose();
        }
        String what = otherFormat != null ? "its format (" + otherFormat.toUpperCase(Locale.ROOT) + ") is not supported"
                : looksLikeText(in) ? "it is not an image (the content looks like text)"
                : "it is not an image or its format is not supported";
        throw new ImageLoadException("Cannot load " + source + ": " + what + "; supported formats: " + SUPPORTED);
    }

    private static String formatName(ImageReader reader) {
        ImageReaderSpi spi = reader.getOriginatingProvider();
        String name;
        try {
            name = spi != null ? spi.getFormatNames()[0] : reader.getFormatName();
        } catch (IOException e) {
            name = "unknown";
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private void checkSize(String source, int width, int height) throws ImageLoadException {
        if (width <= 0 || height <= 0) {
            throw new ImageLoadException("Cannot load " + source + ": its header gives an invalid size "
                    + width + " x " + height);
        }
        long pixels = (long) width * height;
        if (pixels > config.maxPixels()) {
            throw new ImageTooLargeException(source, width, height, config.maxPixels());
        }
    }

    /** Bytes per pixel of the largest layout accepted (16-bit RGBA); the pixel limit assumes no more. */
    private static final int MAX_BYTES_PER_PIXEL = 8;

    /**
     * The pixel limit alone does not bound memory: a TIFF header may declare thousands of samples per pixel (found
     * by fuzzing: an 80-byte file made the reader allocate gigabytes). The decoder's destination layout is checked
     * too, before decoding.
     */
    private void checkDecodedBytes(ImageReader reader, String source, String format, int width, int height)
            throws ImageLoadException {
        long bitsPerPixel;
        try {
            Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (types == null || !types.hasNext()) {
                return;
            }
            bitsPerPixel = 0;
            for (int bits : types.next().getSampleModel(1, 1).getSampleSize()) {
                bitsPerPixel += bits;
            }
        } catch (IOException | RuntimeException e) {
            throw damaged(source, format, e.getMessage(), e);
        }
        long bytes = ((long) width * height * bitsPerPixel + 7) / 8;
        if (bytes > config.maxPixels() * MAX_BYTES_PER_PIXEL) {
            throw new ImageLoadException(String.format(Locale.ROOT,
                    "Cannot load %s: the image is %d x %d with %d bits per pixel, %,d bytes decoded, more than the "
                            + "limit of %,d bytes (%d bytes for each of %,d pixels)", source, width, height,
                    bitsPerPixel, bytes, config.maxPixels() * MAX_BYTES_PER_PIXEL, MAX_BYTES_PER_PIXEL,
                    config.maxPixels()));
        }
    }

    private static ImageLoadException damaged(String source, String format, String detail, Throwable cause) {
        return new ImageLoadException("Cannot load " + source + ": truncated or corrupt "
                + format.toUpperCase(Locale.ROOT) + " data (" + detail + ")", cause);
    }

    /** The exception's message, with its cause's when the decoder wraps (e.g. "Error reading PNG image data"). */
    private static String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            String inner = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            message += ": " + inner;
        }
        return message;
    }

    /** True when the first bytes are printable ASCII or UTF-8 text, to give a more helpful message. */
    private static boolean looksLikeText(ImageInputStream in) {
        try {
            in.seek(0);
            byte[] head = new byte[256];
            int n = in.read(head);
            if (n <= 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                int b = head[i] & 0xFF;
                boolean text = b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b != 0x7F);
                if (!text) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
