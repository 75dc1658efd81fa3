package dev.retinaface.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * The three loss terms (scalars, each already normalised) and their weighted total, which carries the
 * gradient.
 */
public record LossParts(NDArray box, NDArray classification, NDArray landmark, NDArray total) {

    /** The values as plain numbers: box, classification, landmark, total. */
    public LossValues values() {
        return new LossValues(box.getFloat(), classification.getFloat(), landmark.getFloat(), total.getFloat());
    }
}
