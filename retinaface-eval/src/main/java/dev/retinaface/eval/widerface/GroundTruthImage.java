package dev.retinaface.eval.widerface;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The ground truth of one image: all its boxes, and per setting which of them count
 * (the others are ignored: a detection on them is neither right nor wrong).
 */
public final class GroundTruthImage {

    private final WiderImageId id;
    private final double[] boxes;
    private final Map<WiderSetting, boolean[]> counted;

    /**
     * @param id      the image
     * @param boxes   {@code x y w h} of every box, flattened (length 4 × boxes)
     * @param counted per setting, one flag per box: true when the box counts in that setting
     */
    public GroundTruthImage(WiderImageId id, double[] boxes, Map<WiderSetting, boolean[]> counted) {
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException(id + ": box array length " + boxes.length + " is not a multiple of 4");
        }
        this.id = id;
        this.boxes = boxes.clone();
        this.counted = new EnumMap<>(WiderSetting.class);
        for (WiderSetting setting : WiderSetting.values()) {
            boolean[] flags = counted.get(setting);
            if (flags == null || flags.length != boxCount()) {
                throw new IllegalArgumentException(id + ": setting " + setting.key() + " needs one flag per box (" + boxCount() + ")");
            }
            this.counted.put(setting, flags.clone());
        }
    }

    /** The image. */
    public WiderImageId id() {
        return id;
    }

    /** Number of boxes, counted or not. */
    public int boxCount() {
        return boxes.length / 4;
    }

    /** {@code x y w h} of every box, flattened (a copy). */
    public double[] boxes() {
        return boxes.clone();
    }

    double[] boxesView() {
        return boxes;
    }

    /** Whether box {@code index} (0-based) counts in {@code setting}. */
    public boolean counts(WiderSetting setting, int index) {
        return counted.get(setting)[index];
    }

    boolean[] countedView(WiderSetting setting) {
        return counted.get(setting);
    }

    /** Number of boxes that count in {@code setting}. */
    public int countedFaces(WiderSetting setting) {
        int n = 0;
        for (boolean c : counted.get(setting)) {
            n += c ? 1 : 0;
        }
        return n;
    }

    @Override
    public String toString() {
        return id + " (" + boxCount() + " boxes, counted " + Arrays.stream(WiderSetting.values())
                .map(s -> s.key() + " " + countedFaces(s)).toList() + ")";
    }
}
