package dev.retinaface.core.data;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of the RetinaFace training labels ({@code label.txt}, "retinaface_gt_v1.1"): a line
 * {@code # event/name.jpg} per image, then one line per face:
 * {@code x y w h}, five landmark triples {@code x y flag}, and a final score-like number.
 * Landmark fields of {@code -1} mean "no landmarks" (the reference decides on the first landmark's x,
 * and so does this reader). Flags and the final number are not used by training and are dropped.
 * A face line of only {@code x y w h} (the val label format) is accepted as a face without landmarks.
 */
public final class RetinaFaceLabels {

    /** The largest value accepted on a face line, in pixels: far beyond any image (a 1e30 is a broken file). */
    public static final double MAX_COORDINATE = 1e6;

    private static final int BOX_ONLY_FIELDS = 4;
    private static final int FULL_FIELDS = 4 + 3 * Face.LANDMARKS + 1;

    private RetinaFaceLabels() {
    }

    /**
     * Reads a label file.
     *
     * @throws MalformedFileException on a line that is neither an image line nor a face line, naming file and line
     */
    public static List<AnnotatedImage> read(Path labelFile) throws IOException {
        TextLines lines = TextLines.read(labelFile);
        List<AnnotatedImage> images = new ArrayList<>();
        String path = null;
        List<AnnotatedFace> faces = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next("a line");
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (path != null) {
                    images.add(new AnnotatedImage(path, faces));
                }
                path = line.substring(1).strip();
                if (path.isEmpty()) {
                    throw lines.error("image line without a path");
                }
                String outside = AnnotatedImage.confinementProblem(path);
                if (outside != null) {
                    throw lines.error(outside);
                }
                faces = new ArrayList<>();
            } else {
                if (path == null) {
                    throw lines.error("face line before the first '# image' line");
                }
                faces.add(face(lines, line));
            }
        }
        if (path != null) {
            images.add(new AnnotatedImage(path, faces));
        }
        return images;
    }

    private static AnnotatedFace face(TextLines lines, String line) {
        double[] v = lines.numbers(line);
        if (v.length != FULL_FIELDS && v.length != BOX_ONLY_FIELDS) {
            throw lines.error("a face line has " + FULL_FIELDS + " numbers (x y w h, 5 x (x y flag), score) or "
                    + BOX_ONLY_FIELDS + " (x y w h), got " + v.length);
        }
        for (double value : v) {
            if (Math.abs(value) > MAX_COORDINATE) {
                throw lines.error("a value is beyond " + (long) MAX_COORDINATE + " pixels: " + line);
            }
        }
        Box box = new Box((float) v[0], (float) v[1], (float) (v[0] + v[2]), (float) (v[1] + v[3]));
        List<Point> landmarks = new ArrayList<>(Face.LANDMARKS);
        if (v.length == FULL_FIELDS && v[4] >= 0) {
            for (int k = 0; k < Face.LANDMARKS; k++) {
                landmarks.add(new Point((float) v[4 + 3 * k], (float) v[5 + 3 * k]));
            }
        }
        return new AnnotatedFace(box, landmarks, null);
    }
}
