package dev.retinaface.eval.widerface;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.core.testsupport.FuzzFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz targets for the evaluation readers: WIDER prediction files and the ground-truth {@code .mat} files. A
 * hostile file may only end in {@link MalformedFileException}; anything else is a finding. Seeds in
 * {@code EvaluationFilesFuzzTestInputs/}. {@code ./fuzz predictions 10}, {@code ./fuzz mat 10} fuzz.
 */
class EvaluationFilesFuzzTest {

    private static final FuzzFiles PREDICTION = new FuzzFiles("0--Parade/0_Parade_1.txt");
    private static final FuzzFiles MAT = new FuzzFiles("wider_face_val.mat");

    @FuzzTest(maxDuration = "10m")
    void predictions(byte[] input) throws IOException {
        try {
            ImagePredictions p = WiderPredictions.readFile(PREDICTION.with(input));
            for (double v : p.boxesView()) {
                if (!(Math.abs(v) <= WiderPredictions.MAX_COORDINATE)) {
                    throw new IllegalStateException("box value " + v + " accepted");
                }
            }
        } catch (MalformedFileException expected) {
            // refused with file and line
        }
    }

    /** First byte: even reads the file as {@code wider_face_val.mat} (boxes), odd as a setting's keep lists. */
    @FuzzTest(maxDuration = "10m")
    void mat(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        Path file = MAT.with(Arrays.copyOfRange(input, 1, input.length));
        try {
            if ((input[0] & 1) == 0) {
                MatGroundTruthReader.readBoxes(file);
            } else {
                MatGroundTruthReader.readKeepLists(file);
            }
        } catch (MalformedFileException expected) {
            // refused, naming the file
        }
    }

    /** Rewrites the seed corpus: {@code mvn test -Dtest=EvaluationFilesFuzzTest#writeSeeds -Dretinaface.writeSeeds=true}. */
    @Test
    @EnabledIfSystemProperty(named = "retinaface.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path base = Path.of("src/test/resources/dev/retinaface/eval/widerface/EvaluationFilesFuzzTestInputs");
        Path pred = Files.createDirectories(base.resolve("predictions"));
        Files.writeString(pred.resolve("valid.txt"), "0_Parade_1\n2\n10 20 30 40 0.99 \n1 2 3 4 0.5 \n");
        Files.writeString(pred.resolve("count-max-int.txt"), "0_Parade_1\n2147483647\n1 2 3 4 0.5\n");
        Files.writeString(pred.resolve("count-400m.txt"), "0_Parade_1\n400000000\n1 2 3 4 0.5\n");
        Files.writeString(pred.resolve("negative-size.txt"), "0_Parade_1\n1\n10 10 -5 -5 0.5\n");
        Files.writeString(pred.resolve("box-1e30.txt"), "0_Parade_1\n1\n1e30 1e30 1e30 1e30 0.5\n");
        Files.writeString(pred.resolve("score-7.5.txt"), "0_Parade_1\n1\n1 2 3 4 7.5\n");
        Path mat = Files.createDirectories(base.resolve("mat"));
        Matrix boxes = Mat5.newMatrix(2, 4);
        for (int i = 0; i < 8; i++) {
            boxes.setDouble(i / 4, i % 4, 10 + i);
        }
        writeMat(mat.resolve("boxes.mat"), (byte) 0, boxesFile(boxes));
        Matrix keep = Mat5.newMatrix(1, 1);
        keep.setDouble(0, 0, 1);
        Cell perImage = Mat5.newCell(1, 1);
        perImage.set(0, keep);
        Cell events = Mat5.newCell(1, 1);
        events.set(0, perImage);
        writeMat(mat.resolve("keep-list.mat"), (byte) 1, Mat5.newMatFile().addArray("gt_list", events));
    }

    private static MatFile boxesFile(Matrix boxes) {
        Cell events = Mat5.newCell(1, 1);
        events.set(0, Mat5.newString("0--Parade"));
        Cell names = Mat5.newCell(1, 1);
        names.set(0, Mat5.newString("0_Parade_1"));
        Cell files = Mat5.newCell(1, 1);
        files.set(0, names);
        Cell perImage = Mat5.newCell(1, 1);
        perImage.set(0, boxes);
        Cell boxLists = Mat5.newCell(1, 1);
        boxLists.set(0, perImage);
        return Mat5.newMatFile().addArray("event_list", events).addArray("file_list", files)
                .addArray("face_bbx_list", boxLists);
    }

    private static void writeMat(Path seed, byte selector, MatFile mat) throws IOException {
        Path tmp = Files.createTempFile("seed", ".mat");
        try (mat) {
            Mat5.writeToFile(mat, tmp.toFile());
        }
        byte[] body = Files.readAllBytes(tmp);
        byte[] out = new byte[body.length + 1];
        out[0] = selector;
        System.arraycopy(body, 0, out, 1, body.length);
        Files.write(seed, out);
        Files.delete(tmp);
    }
}
