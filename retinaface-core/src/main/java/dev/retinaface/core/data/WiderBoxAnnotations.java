package dev.retinaface.core.data;

import dev.retinaface.core.geometry.Box;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of the official WIDER FACE box annotations ({@code wider_face_{train,val}_bbx_gt.txt}):
 * per image a name line, a count line, then count lines of
 * {@code x y w h blur expression illumination invalid occlusion pose}.
 * A count of 0 is followed by one line of zeros, which is skipped. The official files also describe a
 * face-less image as count 1 with a line of zeros; that line is kept as written (a 0×0 box at the origin),
 * because the evaluation ground truth ({@code wider_face_val.mat}) holds the same box.
 */
public final class WiderBoxAnnotations {

    private static final int FIELDS = 10;

    private WiderBoxAnnotations() {
    }

    /**
     * Reads a box annotation file.
     *
     * @throws MalformedFileException on a bad count or face line, naming file and line
     */
    public static List<AnnotatedImage> read(Path bbxGtFile) throws IOException {
        TextLines lines = TextLines.read(bbxGtFile);
        List<AnnotatedImage> images = new ArrayList<>();
        while (lines.hasMoreContent()) {
            String name = lines.next("an image name");
            if (name.isEmpty()) {
                continue;
            }
            if (!name.toLowerCase().endsWith(".jpg")) {
                throw lines.error("expected an image name ending in .jpg, got: " + name);
            }
            String outside = AnnotatedImage.confinementProblem(name);
            if (outside != null) {
                throw lines.error(outside);
            }
            int count = lines.countOfLines(lines.next("the face count of " + name), "the face count of " + name);
            List<AnnotatedFace> faces = new ArrayList<>(count);
            if (count == 0) {
                double[] zeros = lines.numbers(lines.next("the placeholder line of zeros after a count of 0"));
                if (zeros.length != FIELDS) {
                    throw lines.error("after a count of 0 expected a line of " + FIELDS + " zeros, got " + zeros.length + " numbers");
                }
            }
            for (int i = 0; i < count; i++) {
                faces.add(face(lines, lines.next("face " + (i + 1) + " of " + count + " of " + name)));
            }
            images.add(new AnnotatedImage(name, faces));
        }
        return images;
    }

    private static AnnotatedFace face(TextLines lines, String line) {
        double[] v = lines.numbers(line);
        if (v.length != FIELDS) {
            throw lines.error("a face line has " + FIELDS
                    + " numbers (x y w h blur expression illumination invalid occlusion pose), got " + v.length + ": " + line);
        }
        for (int k = 0; k < 4; k++) {
            if (Math.abs(v[k]) > RetinaFaceLabels.MAX_COORDINATE) {
                throw lines.error("a box value is beyond " + (long) RetinaFaceLabels.MAX_COORDINATE + " pixels: " + line);
            }
        }
        Box box = new Box((float) v[0], (float) v[1], (float) (v[0] + v[2]), (float) (v[1] + v[3]));
        FaceAttributes attributes = new FaceAttributes((int) v[4], (int) v[5], (int) v[6], v[7] != 0, (int) v[8], (int) v[9]);
        return new AnnotatedFace(box, List.of(), attributes);
    }
}
