package dev.retinaface.onnx.quant;

/** The network inputs calibrated on: NCHW float tensors (BGR minus the mean, as the detector feeds them). */
public interface CalibrationImages {

    /** Number of images. */
    int size();

    /** Input {@code i} as a 1 x 3 x H x W tensor. */
    Input input(int i);

    /** A short line that identifies the image set (recorded in the table's header and the model metadata). */
    String description();

    /** One prepared input. */
    record Input(float[] nchw, int height, int width) {
        public Input {
            if ((long) 3 * height * width != nchw.length) {
                throw new IllegalArgumentException("tensor of " + nchw.length + " floats is not 3x" + height + "x"
                        + width);
            }
        }
    }
}
