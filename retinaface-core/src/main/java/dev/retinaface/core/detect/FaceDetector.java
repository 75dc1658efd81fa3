package dev.retinaface.core.detect;

import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds faces in images: the one interface that command-line tools, evaluation, training validation, the
 * service, video and Spark code call. Implementations are cheap views of a loaded model with their own
 * {@link DetectorConfig}; they are thread-safe.
 *
 * <pre>{@code
 * try (FaceModel model = FaceModel.load(ModelSource.defaultModel())) {
 *     FaceDetector detector = model.detector(DetectorConfig.defaults().withMinScore(0.6f));
 *     List<Face> faces = detector.detect(Path.of("photo.jpg"));
 * }
 * }</pre>
 */
public interface FaceDetector {

    /** The settings this detector runs with. */
    DetectorConfig config();

    /**
     * Faces of a decoded image, best first, in its pixel coordinates. Any image type is accepted; 8-bit BGR
     * ({@link BufferedImage#TYPE_3BYTE_BGR}) avoids a conversion.
     */
    List<Face> detect(BufferedImage image);

    /**
     * Faces of several images, in input order; each result equals {@link #detect(BufferedImage)} on that image.
     * Implementations may run images of equal network input size as one batch.
     */
    default List<List<Face>> detectAll(List<BufferedImage> images) {
        return images.stream().map(this::detect).toList();
    }

    /**
     * Loads an image file (EXIF orientation applied, pixel limit of {@link DetectorConfig#imageLoading()}) and
     * returns its faces.
     *
     * @throws IOException when the file cannot be read or decoded ({@link dev.retinaface.core.image.ImageLoadException}
     *                     names the file and the reason)
     */
    default List<Face> detect(Path imageFile) throws IOException {
        return detect(new ImageLoader(config().imageLoading()).load(imageFile).image());
    }

    /** Faces of an encoded image (JPEG, PNG, ...) held in memory; see {@link #detect(Path)}. */
    default List<Face> detect(byte[] encodedImage) throws IOException {
        return detect(new ImageLoader(config().imageLoading())
                .load(encodedImage, "image bytes").image());
    }
}
