package dev.retinaface.eval.widerface;

import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiderGroundTruthTest {

    @TempDir
    Path tmp;

    @Test
    void loadsTheOfficialValGroundTruth() throws IOException {
        WiderGroundTruth gt = WiderGroundTruth.load(SharedData.resolve("widerface/eval_tools/ground_truth"));

        assertEquals(3226, gt.size());
        assertEquals(39708, gt.boxCount());
        assertEquals(7211, gt.countedFaces(WiderSetting.EASY));
        assertEquals(13319, gt.countedFaces(WiderSetting.MEDIUM));
        assertEquals(31958, gt.countedFaces(WiderSetting.HARD));

        GroundTruthImage first = gt.image(new WiderImageId("0--Parade", "0_Parade_marchingband_1_465")).orElseThrow();
        assertEquals(126, first.boxCount());
        assertArrayEquals(new double[] {345, 211, 4, 4}, java.util.Arrays.copyOf(first.boxes(), 4));
        for (GroundTruthImage image : gt.images()) { // easy ⊂ medium ⊂ hard
            for (int k = 0; k < image.boxCount(); k++) {
                assertTrue(!image.counts(WiderSetting.EASY, k) || image.counts(WiderSetting.MEDIUM, k), image.toString());
                assertTrue(!image.counts(WiderSetting.MEDIUM, k) || image.counts(WiderSetting.HARD, k), image.toString());
            }
        }
    }

    @Test
    void theBoxFileGivesTheSameGroundTruthAsTheMat() throws IOException {
        Path gtDir = SharedData.resolve("widerface/eval_tools/ground_truth");
        WiderGroundTruth fromMat = WiderGroundTruth.load(gtDir);
        WiderGroundTruth fromText = WiderGroundTruth.loadWithBoxFile(
                SharedData.resolve("widerface/wider_face_split/wider_face_val_bbx_gt.txt"), gtDir);

        assertEquals(fromMat.size(), fromText.size());
        for (GroundTruthImage image : fromMat.images()) {
            GroundTruthImage other = fromText.image(image.id()).orElseThrow();
            assertArrayEquals(image.boxes(), other.boxes(), image.id().toString());
        }
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WiderGroundTruth.load(tmp));
        assertTrue(e.getMessage().contains(tmp.resolve("wider_face_val.mat").toString()), e.getMessage());

        writeBoxes(tmp, Mat5.newMatrix(1, 4));
        e = assertThrows(IllegalArgumentException.class, () -> WiderGroundTruth.load(tmp));
        assertTrue(e.getMessage().contains(tmp.resolve("wider_easy_val.mat").toString()), e.getMessage());
    }

    @Test
    void wrongShapesAreClearErrors() throws IOException {
        writeKeepLists(tmp, 1);

        writeBoxes(tmp, Mat5.newMatrix(2, 3));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> WiderGroundTruth.load(tmp));
        assertEquals(tmp.resolve("wider_face_val.mat") + ": boxes of ev/img are [2, 3], expected Nx4 (x y w h)", e.getMessage());

        writeBoxes(tmp, Mat5.newMatrix(1, 4)); // one box, but the keep lists name box 2
        writeKeepLists(tmp, 2);
        e = assertThrows(MalformedFileException.class, () -> WiderGroundTruth.load(tmp));
        assertTrue(e.getMessage().endsWith("gt_list of ev/img holds index 2, the image has 1 boxes (indices are 1-based)"), e.getMessage());

        try (MatFile mat = Mat5.newMatFile().addArray("event_list", Mat5.newCell(1, 1))) {
            Mat5.writeToFile(mat, tmp.resolve("wider_face_val.mat").toFile());
        }
        e = assertThrows(MalformedFileException.class, () -> WiderGroundTruth.load(tmp));
        assertEquals(tmp.resolve("wider_face_val.mat") + ": has no variable 'file_list'", e.getMessage());

        Files.writeString(tmp.resolve("wider_face_val.mat"), "not a mat file");
        e = assertThrows(MalformedFileException.class, () -> WiderGroundTruth.load(tmp));
        assertTrue(e.getMessage().startsWith(tmp.resolve("wider_face_val.mat") + ": cannot be read as a MATLAB v5 file"), e.getMessage());
    }

    @Test
    void aSmallHandWrittenMatLoads() throws IOException {
        writeKeepLists(tmp, 1);
        Matrix boxes = Mat5.newMatrix(1, 4);
        boxes.setDouble(0, 2, 7);
        writeBoxes(tmp, boxes);
        WiderGroundTruth gt = WiderGroundTruth.load(tmp);
        GroundTruthImage image = gt.image(new WiderImageId("ev", "img")).orElseThrow();
        assertArrayEquals(new double[] {0, 0, 7, 0}, image.boxes());
        assertTrue(image.counts(WiderSetting.HARD, 0));
        assertFalse(gt.image(new WiderImageId("ev", "other")).isPresent());
    }

    /** wider_face_val.mat with one event "ev" holding one image "img" with the given box matrix. */
    private static void writeBoxes(Path dir, Matrix boxes) throws IOException {
        Cell events = Mat5.newCell(1, 1);
        events.set(0, Mat5.newString("ev"));
        Cell files = Mat5.newCell(1, 1);
        Cell names = Mat5.newCell(1, 1);
        names.set(0, Mat5.newString("img"));
        files.set(0, names);
        Cell boxLists = Mat5.newCell(1, 1);
        Cell perImage = Mat5.newCell(1, 1);
        perImage.set(0, boxes);
        boxLists.set(0, perImage);
        try (MatFile mat = Mat5.newMatFile().addArray("event_list", events).addArray("file_list", files)
                .addArray("face_bbx_list", boxLists)) {
            Mat5.writeToFile(mat, dir.resolve("wider_face_val.mat").toFile());
        }
    }

    /** The three setting files, each counting box {@code index} (1-based) of the one image. */
    private static void writeKeepLists(Path dir, int index) throws IOException {
        for (WiderSetting setting : WiderSetting.values()) {
            Matrix keep = Mat5.newMatrix(1, 1);
            keep.setDouble(0, 0, index);
            Cell perImage = Mat5.newCell(1, 1);
            perImage.set(0, keep);
            Cell events = Mat5.newCell(1, 1);
            events.set(0, perImage);
            try (MatFile mat = Mat5.newMatFile().addArray("gt_list", events)) {
                Mat5.writeToFile(mat, dir.resolve(setting.matFileName()).toFile());
            }
        }
    }
}
