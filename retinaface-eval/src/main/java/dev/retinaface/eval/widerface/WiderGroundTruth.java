package dev.retinaface.eval.widerface;

import dev.retinaface.core.data.AnnotatedFace;
import dev.retinaface.core.data.AnnotatedImage;
import dev.retinaface.core.data.WiderBoxAnnotations;
import dev.retinaface.core.geometry.Box;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The WIDER FACE val ground truth: every image's boxes and which of them count in each setting. */
public final class WiderGroundTruth {

    private final Map<WiderImageId, GroundTruthImage> images;

    /** Ground truth made of the given images (hand-made ground truth for tests, subsets). */
    public WiderGroundTruth(Collection<GroundTruthImage> images) {
        Map<WiderImageId, GroundTruthImage> map = new LinkedHashMap<>();
        for (GroundTruthImage image : images) {
            if (map.put(image.id(), image) != null) {
                throw new IllegalArgumentException("ground truth image listed twice: " + image.id());
            }
        }
        this.images = Collections.unmodifiableMap(map);
    }

    private WiderGroundTruth(Map<WiderImageId, GroundTruthImage> images) {
        this.images = Collections.unmodifiableMap(images);
    }

    /**
     * Loads the official evaluation ground truth from the folder holding {@code wider_face_val.mat} and
     * {@code wider_{easy,medium,hard}_val.mat} (the eval_tools {@code ground_truth} folder).
     *
     * @throws IllegalArgumentException when a file is missing
     * @throws dev.retinaface.core.data.MalformedFileException when a file lacks a variable or has the wrong shape
     */
    public static WiderGroundTruth load(Path gtDir) throws IOException {
        return new WiderGroundTruth(MatGroundTruthReader.read(gtDir));
    }

    /**
     * Loads the boxes from {@code wider_face_val_bbx_gt.txt} instead of {@code wider_face_val.mat}; which boxes
     * count still comes from {@code wider_{easy,medium,hard}_val.mat} in {@code gtDir}, which must list the same
     * events and images in the same order (the official files do).
     */
    public static WiderGroundTruth loadWithBoxFile(Path bbxGtFile, Path gtDir) throws IOException {
        Map<String, Map<String, double[]>> byEvent = new LinkedHashMap<>();
        for (AnnotatedImage image : WiderBoxAnnotations.read(bbxGtFile)) {
            List<AnnotatedFace> faces = image.faces();
            double[] boxes = new double[4 * faces.size()];
            for (int i = 0; i < faces.size(); i++) {
                Box b = faces.get(i).box();
                boxes[4 * i] = b.x1();
                boxes[4 * i + 1] = b.y1();
                boxes[4 * i + 2] = b.width();
                boxes[4 * i + 3] = b.height();
            }
            byEvent.computeIfAbsent(image.event(), e -> new LinkedHashMap<>()).put(image.name(), boxes);
        }
        return new WiderGroundTruth(MatGroundTruthReader.combine(new MatGroundTruthReader.Boxes(byEvent), gtDir));
    }

    /** The image, if it is part of the ground truth. */
    public Optional<GroundTruthImage> image(WiderImageId id) {
        return Optional.ofNullable(images.get(id));
    }

    /** All images, in file order. */
    public Collection<GroundTruthImage> images() {
        return images.values();
    }

    /** Number of images. */
    public int size() {
        return images.size();
    }

    /** Number of boxes over all images, counted or not. */
    public int boxCount() {
        return images.values().stream().mapToInt(GroundTruthImage::boxCount).sum();
    }

    /** Number of faces that count in {@code setting} over all images. */
    public int countedFaces(WiderSetting setting) {
        return images.values().stream().mapToInt(i -> i.countedFaces(setting)).sum();
    }
}
