package dev.retinaface.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.retinaface.core.data.AnnotatedFace;
import dev.retinaface.core.data.AnnotatedImage;
import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.core.data.RetinaFaceLabels;
import dev.retinaface.core.data.WiderBoxAnnotations;
import dev.retinaface.core.testsupport.FuzzFiles;

import java.io.IOException;
import java.util.List;

/**
 * Fuzz targets for the training annotation readers. A hostile file may only end in {@link MalformedFileException}
 * (bad content, with file and line); anything else (a Java error, an unchecked exception, a value out of bounds
 * slipping through) is a finding. `mvn test` replays the seeds in {@code AnnotationFilesFuzzTestInputs/}; {@code
 * ./fuzz labelTxt 10} fuzzes.
 */
class AnnotationFilesFuzzTest {

    private static final FuzzFiles LABEL_TXT = new FuzzFiles("label.txt");
    private static final FuzzFiles BBX_GT = new FuzzFiles("wider_face_train_bbx_gt.txt");

    @FuzzTest(maxDuration = "10m")
    void labelTxt(byte[] input) throws IOException {
        try {
            check(RetinaFaceLabels.read(LABEL_TXT.with(input)));
        } catch (MalformedFileException expected) {
            // refused with file and line: the wanted outcome for a bad file
        }
    }

    @FuzzTest(maxDuration = "10m")
    void bbxGt(byte[] input) throws IOException {
        try {
            check(WiderBoxAnnotations.read(BBX_GT.with(input)));
        } catch (MalformedFileException expected) {
            // refused with file and line
        }
    }

    /** What a reader returns is within the bounds it promises. */
    private static void check(List<AnnotatedImage> images) {
        for (AnnotatedImage image : images) {
            for (AnnotatedFace face : image.faces()) {
                float[] values = {face.box().x1(), face.box().y1(), face.box().x2(), face.box().y2()};
                for (float v : values) {
                    if (!(Math.abs(v) <= 2 * RetinaFaceLabels.MAX_COORDINATE)) {
                        throw new IllegalStateException("box value out of bounds: " + face);
                    }
                }
            }
        }
    }
}
