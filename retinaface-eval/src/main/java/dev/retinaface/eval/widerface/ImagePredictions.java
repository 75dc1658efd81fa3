package dev.retinaface.eval.widerface;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A detector's boxes for one image, sorted by score descending (ties keep their file order,
 * like MATLAB's stable {@code sort(..., 'descend')} in the official reader).
 */
public final class ImagePredictions {

    private final WiderImageId id;
    private final double[] boxes;
    private final double[] scores;

    /**
     * @param id     the image
     * @param boxes  {@code x y w h} per box, flattened, in any order
     * @param scores one score per box
     */
    public ImagePredictions(WiderImageId id, double[] boxes, double[] scores) {
        if (boxes.length != 4 * scores.length) {
            throw new IllegalArgumentException(id + ": " + boxes.length + " box values for " + scores.length + " scores");
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed()); // stable
        this.id = id;
        this.boxes = new double[boxes.length];
        this.scores = new double[scores.length];
        for (int k = 0; k < order.length; k++) {
            System.arraycopy(boxes, 4 * order[k], this.boxes, 4 * k, 4);
            this.scores[k] = scores[order[k]];
        }
    }

    /** The image. */
    public WiderImageId id() {
        return id;
    }

    /** Number of boxes. */
    public int size() {
        return scores.length;
    }

    /** {@code x y w h} per box, flattened, best score first (a copy). */
    public double[] boxes() {
        return boxes.clone();
    }

    /** Scores, descending (a copy). */
    public double[] scores() {
        return scores.clone();
    }

    double[] boxesView() {
        return boxes;
    }

    double[] scoresView() {
        return scores;
    }
}
