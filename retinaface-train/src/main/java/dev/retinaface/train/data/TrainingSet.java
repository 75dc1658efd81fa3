package dev.retinaface.train.data;

import dev.retinaface.core.data.AnnotatedFace;
import dev.retinaface.core.data.AnnotatedImage;
import dev.retinaface.core.data.RetinaFaceLabels;
import dev.retinaface.core.data.WiderBoxAnnotations;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.train.match.GroundTruth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training images with their faces in pixels. Read from a RetinaFace {@code label.txt} (with landmarks) or an
 * official {@code wider_face_train_bbx_gt.txt} (boxes only). Faces with a non-positive width or height are
 * dropped (they can never become positives); images left without faces are skipped, as the reference cannot
 * train on them.
 */
public final class TrainingSet {

    /** One image and its faces. */
    public record Entry(Path image, List<GroundTruth> faces) {
        public Entry {
            faces = List.copyOf(faces);
        }
    }

    private final List<Entry> entries;
    private final int droppedFaces;
    private final int skippedImages;

    private TrainingSet(List<Entry> entries, int droppedFaces, int skippedImages) {
        this.entries = List.copyOf(entries);
        this.droppedFaces = droppedFaces;
        this.skippedImages = skippedImages;
    }

    /**
     * Reads annotations; the format is chosen by file name ({@code *bbx_gt*} = official WIDER format, else label.txt).
     *
     * @param imageRoot folder the annotation paths are relative to (e.g. {@code WIDER_train/images})
     */
    public static TrainingSet read(Path annotations, Path imageRoot) throws IOException {
        boolean official = annotations.getFileName().toString().contains("bbx_gt");
        List<AnnotatedImage> images = official ? WiderBoxAnnotations.read(annotations) : RetinaFaceLabels.read(annotations);
        return of(images, imageRoot);
    }

    /** The images of a parsed annotation list. */
    public static TrainingSet of(List<AnnotatedImage> images, Path imageRoot) {
        List<Entry> entries = new ArrayList<>();
        int dropped = 0;
        int skipped = 0;
        for (AnnotatedImage image : images) {
            List<GroundTruth> faces = new ArrayList<>();
            for (AnnotatedFace face : image.faces()) {
                var b = face.box();
                if (!(b.x2() > b.x1() && b.y2() > b.y1())) {
                    dropped++;
                    continue;
                }
                float[] lm = null;
                if (face.hasLandmarks()) {
                    lm = new float[10];
                    for (int k = 0; k < 5; k++) {
                        Point p = face.landmarks().get(k);
                        lm[2 * k] = p.x();
                        lm[2 * k + 1] = p.y();
                    }
                }
                faces.add(new GroundTruth(new float[] {b.x1(), b.y1(), b.x2(), b.y2()}, lm));
            }
            if (faces.isEmpty()) {
                skipped++;
                continue;
            }
            entries.add(new Entry(imageRoot.resolve(image.relativePath()), faces));
        }
        return new TrainingSet(entries, dropped, skipped);
    }

    /** Checks every image file exists; throws naming the first missing one. */
    public TrainingSet requireImages() throws IOException {
        for (Entry e : entries) {
            if (!Files.isRegularFile(e.image())) {
                throw new IOException("training image not found: " + e.image());
            }
        }
        return this;
    }

    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** First {@code n} images (small runs and tests). */
    public TrainingSet first(int n) {
        return new TrainingSet(entries.subList(0, Math.min(n, entries.size())), droppedFaces, skippedImages);
    }

    public int droppedFaces() {
        return droppedFaces;
    }

    public int skippedImages() {
        return skippedImages;
    }
}
