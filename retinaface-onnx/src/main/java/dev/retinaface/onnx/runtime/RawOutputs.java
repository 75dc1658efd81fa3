package dev.retinaface.onnx.runtime;

/**
 * The three network outputs of one run, split per batch element, each row-major (anchor, value):
 * {@code boxes[b]} has {@code anchors * 4} values, {@code scores[b]} {@code anchors * 2} (probabilities or
 * logits, as the model was built), {@code landmarks[b]} {@code anchors * 10}.
 */
public record RawOutputs(int anchors, float[][] boxes, float[][] scores, float[][] landmarks) {

    public int batchSize() {
        return boxes.length;
    }
}
