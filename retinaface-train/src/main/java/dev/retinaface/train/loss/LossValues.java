package dev.retinaface.train.loss;

/** Loss values of one step (or averaged over several). */
public record LossValues(float box, float classification, float landmark, float total) {

    public static final LossValues ZERO = new LossValues(0, 0, 0, 0);

    public LossValues plus(LossValues o) {
        return new LossValues(box + o.box, classification + o.classification, landmark + o.landmark, total + o.total);
    }

    public LossValues times(float f) {
        return new LossValues(box * f, classification * f, landmark * f, total * f);
    }
}
