package dev.retinaface.onnx.runtime;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * The three outputs of one run, written by ONNX Runtime straight into direct buffers lent by a
 * {@link DirectBufferPool}: no heap arrays per run, so no fresh memory to fault in (about 1.6 MB per 640x480 run,
 * which cost milliseconds per run where it was copied out). Row-major (batch element, anchor, value), as
 * {@link RawOutputs}. Not thread-safe; valid until {@link #close()}, which gives the buffers back.
 */
public final class NetworkOutputs implements AutoCloseable {

    private final int batch;
    private final int anchors;
    private final FloatBuffer boxes;
    private final FloatBuffer scores;
    private final FloatBuffer landmarks;
    private final DirectBufferPool pool;
    private boolean closed;

    NetworkOutputs(int batch, int anchors, FloatBuffer boxes, FloatBuffer scores, FloatBuffer landmarks,
                   DirectBufferPool pool) {
        this.batch = batch;
        this.anchors = anchors;
        this.boxes = boxes;
        this.scores = scores;
        this.landmarks = landmarks;
        this.pool = pool;
    }

    /** Number of batch elements. */
    public int batchSize() {
        return batch;
    }

    /** Anchors per batch element. */
    public int anchors() {
        return anchors;
    }

    /** Box offsets of batch element {@code item}: {@code anchors * 4} floats at indices 0 to {@code limit()}. */
    public FloatBuffer boxes(int item) {
        return slice(boxes, item, 4);
    }

    /** Score pairs (background, face) of batch element {@code item}: {@code anchors * 2} floats. */
    public FloatBuffer scores(int item) {
        return slice(scores, item, 2);
    }

    /** Landmark offsets of batch element {@code item}: {@code anchors * 10} floats. */
    public FloatBuffer landmarks(int item) {
        return slice(landmarks, item, 10);
    }

    /** A heap copy that outlives this object (tools and tests). */
    public RawOutputs toRawOutputs() {
        float[][] b = new float[batch][];
        float[][] s = new float[batch][];
        float[][] l = new float[batch][];
        for (int i = 0; i < batch; i++) {
            b[i] = copy(boxes(i));
            s[i] = copy(scores(i));
            l[i] = copy(landmarks(i));
        }
        return new RawOutputs(anchors, b, s, l);
    }

    private static float[] copy(FloatBuffer values) {
        float[] out = new float[values.limit()];
        values.get(0, out);
        return out;
    }

    private FloatBuffer slice(FloatBuffer all, int item, int perAnchor) {
        if (closed) {
            throw new IllegalStateException("network outputs were closed");
        }
        Objects.checkIndex(item, batch);
        int length = anchors * perAnchor;
        return all.slice(item * length, length);
    }

    /** Gives the buffers back to the pool; later reads fail. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.release(boxes);
            pool.release(scores);
            pool.release(landmarks);
        }
    }
}
