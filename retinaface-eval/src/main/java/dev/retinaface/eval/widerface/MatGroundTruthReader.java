package dev.retinaface.eval.widerface;

import dev.retinaface.core.data.MalformedFileException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the official evaluation ground truth (MATLAB v5 files) with mfl-core:
 * {@code wider_face_val.mat} ({@code event_list}, {@code file_list}, {@code face_bbx_list}) and, per setting,
 * {@code gt_list}: for each event and image the 1-based indices of the boxes that count.
 */
final class MatGroundTruthReader {

    static final String BOXES_FILE = "wider_face_val.mat";

    private MatGroundTruthReader() {
    }

    /** Event → image name → boxes ({@code x y w h} flattened), in file order. */
    record Boxes(Map<String, Map<String, double[]>> byEvent) {
    }

    static Map<WiderImageId, GroundTruthImage> read(Path gtDir) throws IOException {
        return combine(readBoxes(require(gtDir, BOXES_FILE)), gtDir);
    }

    /** Joins boxes (from the .mat or the bbx_gt.txt) with the settings' keep lists of {@code gtDir}. */
    static Map<WiderImageId, GroundTruthImage> combine(Boxes boxes, Path gtDir) throws IOException {
        Map<WiderSetting, List<List<int[]>>> keep = new EnumMap<>(WiderSetting.class);
        for (WiderSetting setting : WiderSetting.values()) {
            keep.put(setting, readKeepLists(require(gtDir, setting.matFileName())));
        }
        Map<WiderImageId, GroundTruthImage> images = new LinkedHashMap<>();
        int e = 0;
        for (Map.Entry<String, Map<String, double[]>> event : boxes.byEvent().entrySet()) {
            int i = 0;
            for (Map.Entry<String, double[]> image : event.getValue().entrySet()) {
                WiderImageId id = new WiderImageId(event.getKey(), image.getKey());
                int boxCount = image.getValue().length / 4;
                Map<WiderSetting, boolean[]> counted = new EnumMap<>(WiderSetting.class);
                for (WiderSetting setting : WiderSetting.values()) {
                    Path file = gtDir.resolve(setting.matFileName());
                    List<List<int[]>> lists = keep.get(setting);
                    if (e >= lists.size() || i >= lists.get(e).size()) {
                        throw new MalformedFileException(file, 0, "gt_list has no entry for " + id
                                + " (event " + (e + 1) + ", image " + (i + 1) + "): it does not match " + BOXES_FILE);
                    }
                    counted.put(setting, flags(file, id, lists.get(e).get(i), boxCount));
                }
                images.put(id, new GroundTruthImage(id, image.getValue(), counted));
                i++;
            }
            for (WiderSetting setting : WiderSetting.values()) {
                if (keep.get(setting).get(e).size() != i) {
                    throw new MalformedFileException(gtDir.resolve(setting.matFileName()), 0, "gt_list of event "
                            + event.getKey() + " has " + keep.get(setting).get(e).size() + " images, the boxes have " + i);
                }
            }
            e++;
        }
        for (WiderSetting setting : WiderSetting.values()) {
            if (keep.get(setting).size() != e) {
                throw new MalformedFileException(gtDir.resolve(setting.matFileName()), 0,
                        "gt_list has " + keep.get(setting).size() + " events, the boxes have " + e);
            }
        }
        return images;
    }

    static Boxes readBoxes(Path file) throws IOException {
        try (MatFile mat = open(file)) {
            Cell events = cell(file, mat, "event_list");
            Cell files = cell(file, mat, "file_list");
            Cell boxLists = cell(file, mat, "face_bbx_list");
            int eventCount = events.getNumElements();
            if (files.getNumElements() != eventCount || boxLists.getNumElements() != eventCount) {
                throw new MalformedFileException(file, 0, "event_list, file_list and face_bbx_list differ in length: "
                        + eventCount + ", " + files.getNumElements() + ", " + boxLists.getNumElements());
            }
            Map<String, Map<String, double[]>> byEvent = new LinkedHashMap<>();
            for (int e = 0; e < eventCount; e++) {
                String event = string(file, events.get(e), "event_list{" + (e + 1) + "}");
                Cell names = asCell(file, files.get(e), "file_list{" + (e + 1) + "}");
                Cell lists = asCell(file, boxLists.get(e), "face_bbx_list{" + (e + 1) + "}");
                if (names.getNumElements() != lists.getNumElements()) {
                    throw new MalformedFileException(file, 0, "event " + event + ": " + names.getNumElements()
                            + " file names but " + lists.getNumElements() + " box lists");
                }
                Map<String, double[]> images = new LinkedHashMap<>();
                for (int i = 0; i < names.getNumElements(); i++) {
                    String name = string(file, names.get(i), "file_list{" + (e + 1) + "}{" + (i + 1) + "}");
                    images.put(name, boxMatrix(file, lists.get(i), event + "/" + name));
                }
                byEvent.put(event, images);
            }
            return new Boxes(byEvent);
        }
    }

    static List<List<int[]>> readKeepLists(Path file) throws IOException {
        try (MatFile mat = open(file)) {
            Cell events = cell(file, mat, "gt_list");
            List<List<int[]>> result = new ArrayList<>();
            for (int e = 0; e < events.getNumElements(); e++) {
                Cell images = asCell(file, events.get(e), "gt_list{" + (e + 1) + "}");
                List<int[]> perImage = new ArrayList<>();
                for (int i = 0; i < images.getNumElements(); i++) {
                    Array a = images.get(i);
                    if (!(a instanceof Matrix m)) {
                        throw new MalformedFileException(file, 0, "gt_list{" + (e + 1) + "}{" + (i + 1) + "} is a "
                                + a.getType() + ", expected a numeric index vector");
                    }
                    int[] indices = new int[m.getNumElements()];
                    for (int k = 0; k < indices.length; k++) {
                        indices[k] = (int) m.getLong(k);
                    }
                    perImage.add(indices);
                }
                result.add(perImage);
            }
            return result;
        }
    }

    private static boolean[] flags(Path file, WiderImageId id, int[] oneBased, int boxCount) {
        boolean[] counted = new boolean[boxCount];
        for (int index : oneBased) {
            if (index < 1 || index > boxCount) {
                throw new MalformedFileException(file, 0, "gt_list of " + id + " holds index " + index
                        + ", the image has " + boxCount + " boxes (indices are 1-based)");
            }
            counted[index - 1] = true;
        }
        return counted;
    }

    private static double[] boxMatrix(Path file, Array a, String what) {
        if (!(a instanceof Matrix m)) {
            throw new MalformedFileException(file, 0, "boxes of " + what + " are a " + a.getType() + ", expected an Nx4 matrix");
        }
        if (m.getNumElements() == 0) {
            return new double[0];
        }
        if (m.getNumCols() != 4 || m.getNumDimensions() != 2) {
            throw new MalformedFileException(file, 0, "boxes of " + what + " are "
                    + java.util.Arrays.toString(m.getDimensions()) + ", expected Nx4 (x y w h)");
        }
        int n = m.getNumRows();
        double[] boxes = new double[4 * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 4; c++) {
                boxes[4 * r + c] = m.getDouble(r, c);
            }
        }
        return boxes;
    }

    private static MatFile open(Path file) throws IOException {
        MatStructureCheck.check(file); // bounds what mfl-core may allocate
        try {
            return Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new MalformedFileException(file, 0, "cannot be read as a MATLAB v5 file: " + e.getMessage(), e);
        }
    }

    private static Path require(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("WIDER FACE ground truth file missing: " + file + " (the folder needs "
                    + BOXES_FILE + ", wider_easy_val.mat, wider_medium_val.mat and wider_hard_val.mat from eval_tools/ground_truth)");
        }
        return file;
    }

    private static Cell cell(Path file, MatFile mat, String name) {
        for (MatFile.Entry entry : mat.getEntries()) {
            if (entry.getName().equals(name)) {
                return asCell(file, entry.getValue(), name);
            }
        }
        throw new MalformedFileException(file, 0, "has no variable '" + name + "'");
    }

    private static Cell asCell(Path file, Array a, String what) {
        if (a instanceof Cell c) {
            return c;
        }
        throw new MalformedFileException(file, 0, what + " is a " + a.getType() + ", expected a cell array");
    }

    private static String string(Path file, Array a, String what) {
        if (a instanceof Char c) {
            return c.getString().strip();
        }
        throw new MalformedFileException(file, 0, what + " is a " + a.getType() + ", expected a string");
    }
}
