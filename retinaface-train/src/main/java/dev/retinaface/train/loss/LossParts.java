package dev.retinaface.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The three loss terms (scalars, each already normalised) and their weighted total, which carries the
 * gradient.
 */
public record LossParts(NDArray box, NDArray classification, NDArray landmark, NDArray total) {

    /** The values as plain numbers: box, classification, landmark, total. */
    public LossValues values() {
        return new LossValues(scalar(box), scalar(classification), scalar(landmark), scalar(total));
    }

    private static float scalar(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.getFloat();
        }
    }
}
