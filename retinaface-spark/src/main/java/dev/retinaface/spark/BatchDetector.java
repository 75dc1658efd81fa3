package dev.retinaface.spark;

import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.LoadedImage;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a batch of encoded images and detects their faces with one {@link FaceDetector#detectAll} call. A file that
 * cannot be decoded, is too large or makes the detector fail becomes a failed {@link ImageResult}; the others of the
 * batch still get their faces.
 */
final class BatchDetector {

    private final FaceDetector detector;
    private final ImageLoader loader;

    BatchDetector(FaceDetector detector) {
        this.detector = detector;
        this.loader = new ImageLoader(detector.config().imageLoading());
    }

    /** Results in the order of {@code names} / {@code contents}. */
    List<ImageResult> detect(List<String> names, List<byte[]> contents) {
        List<ImageResult> results = new ArrayList<>(names.size());
        List<Integer> decoded = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                byte[] content = contents.get(i);
                if (content == null) {
                    throw new IllegalArgumentException("no image content (null) for " + names.get(i));
                }
                LoadedImage image = loader.load(content, names.get(i));
                results.add(ImageResult.ok(image, null));
                decoded.add(i);
                images.add(image.image());
            } catch (Exception e) {
                results.add(ImageResult.failed(message(e)));
            }
        }
        List<List<Face>> faces;
        try {
            faces = detector.detectAll(images);
        } catch (RuntimeException batchFailed) {
            faces = null; // find the image that fails: detect one by one
        }
        for (int k = 0; k < decoded.size(); k++) {
            int i = decoded.get(k);
            LoadedImage image = results.get(i).image();
            try {
                results.set(i, ImageResult.ok(image, faces != null ? faces.get(k) : detector.detect(image.image())));
            } catch (RuntimeException e) {
                results.set(i, ImageResult.failed(names.get(i) + ": detection failed: " + message(e)));
            }
        }
        return results;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
