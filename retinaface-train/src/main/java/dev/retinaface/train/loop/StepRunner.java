package dev.retinaface.train.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.retinaface.train.data.Batch;
import dev.retinaface.train.loss.LossParts;
import dev.retinaface.train.loss.LossValues;
import dev.retinaface.train.loss.MultiBoxLoss;
import dev.retinaface.train.net.RetinaFaceBlock;

/**
 * Runs the network and the loss on a batch: with gradients (accumulated into the parameters for the
 * optimiser) or without. Every intermediate array lives in a per-call manager, closed at the end.
 */
public final class StepRunner {

    private final RetinaFaceBlock block;
    private final MultiBoxLoss loss;
    private final NDManager manager;
    private final DataType dataType;
    private final ParameterStore store;

    public StepRunner(RetinaFaceBlock block, MultiBoxLoss loss, NDManager manager) {
        this(block, loss, manager, DataType.FLOAT32);
    }

    /** {@code dataType} of the input batch: FLOAT64 when the parameters are float64 (gradient checks). */
    public StepRunner(RetinaFaceBlock block, MultiBoxLoss loss, NDManager manager, DataType dataType) {
        this.block = block;
        this.loss = loss;
        this.manager = manager;
        this.dataType = dataType;
        this.store = new ParameterStore(manager, false);
    }

    /** Forward, loss and backward in training mode (batch statistics); gradients add to the parameters'. */
    public LossValues forwardBackward(Batch batch) {
        try (NDManager step = manager.newSubManager();
             GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            LossParts parts = lossOf(batch, step, true);
            collector.backward(parts.total());
            return parts.values();
        }
    }

    /** Loss only, no gradients; {@code training} selects batch statistics (true) or running statistics. */
    public LossValues evaluate(Batch batch, boolean training) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager step = manager.newSubManager()) {
            return lossOf(batch, step, training).values();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** The total loss without gradients at the parameters' precision (float64 blocks give float64 totals: gradient checks). */
    public double evaluateTotal(Batch batch, boolean training) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager step = manager.newSubManager()) {
            return lossOf(batch, step, training).total().toType(DataType.FLOAT64, false).getDouble();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    LossParts lossOf(Batch batch, NDManager step, boolean training) {
        var input = step.create(batch.images(), new Shape(batch.size(), 3, batch.height(), batch.width()));
        if (dataType != DataType.FLOAT32) {
            input = input.toType(dataType, false);
        }
        NDList out = block.forward(store, new NDList(input), training);
        return loss.compute(out.get(0), out.get(1), out.get(2), batch.targets());
    }
}
