package dev.retinaface.core.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/** Saves images as PNG or JPEG, creating parent folders; errors name the file. */
public final class ImageWriter {

    /** JPEG quality used by {@link #write}: high enough that faces keep their detail. */
    public static final float DEFAULT_JPEG_QUALITY = 0.92f;

    private ImageWriter() {
    }

    /** PNG for {@code .png}, JPEG for {@code .jpg} / {@code .jpeg} (quality {@value #DEFAULT_JPEG_QUALITY}). */
    public static void write(BufferedImage image, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            writePng(image, file);
        } else if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            writeJpeg(image, file, DEFAULT_JPEG_QUALITY);
        } else {
            throw new IOException("Cannot write " + file + ": unknown extension, use .png, .jpg or .jpeg");
        }
    }

    /** Lossless PNG. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        prepare(file);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("Cannot write " + file + ": no PNG writer for image type " + image.getType());
        }
    }

    /**
     * JPEG at {@code quality} in (0, 1]. Alpha is dropped first (JPEG has none; some readers misread 4-channel
     * JPEGs as CMYK).
     */
    public static void writeJpeg(BufferedImage image, Path file, float quality) throws IOException {
        if (!(quality > 0 && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
        }
        prepare(file);
        BufferedImage opaque = image.getColorModel().hasAlpha() ? BgrImages.toBgr(image) : image;
        Iterator<javax.imageio.ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("Cannot write " + file + ": no JPEG writer installed");
        }
        javax.imageio.ImageWriter writer = writers.next();
        Files.deleteIfExists(file); // the stream would otherwise keep a longer old file's tail
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            if (out == null) {
                throw new IOException("Cannot write " + file + ": cannot open it for writing");
            }
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(opaque, null, null), param);
        } catch (IOException e) {
            throw new IOException("Cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    private static void prepare(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
