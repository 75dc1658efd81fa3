package dev.retinaface.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.train.net.RetinaFaceBlock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum over the trainable parameters of a {@link RetinaFaceBlock}, as {@code torch.optim.SGD}:
 * {@code d = g·scale + wd·p; buf = momentum·buf + d (buf = d on the first step); p -= lr·buf}.
 * Gradients accumulate in the parameters across backward passes (gradient accumulation) until {@link #step}
 * uses and clears them.
 */
public final class Sgd {

    private final SgdConfig config;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, NDArray> momentum = new LinkedHashMap<>();
    private final NDManager manager;

    public Sgd(RetinaFaceBlock block, SgdConfig config, NDManager manager) {
        this.config = config;
        this.manager = manager;
        for (Map.Entry<String, Parameter> e : block.parametersByKey().entrySet()) {
            if (RetinaFaceBlock.isTrainable(e.getKey())) {
                params.put(e.getKey(), e.getValue().getArray());
            }
        }
    }

    /**
     * One update with the accumulated gradients, then clears them.
     *
     * @param lr        learning rate
     * @param gradScale factor applied to the accumulated gradients (1 / micro-batches when accumulating)
     */
    public void step(float lr, float gradScale) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false); // in-place updates of leaves that require gradients
        try {
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray p = e.getValue();
                // temporaries are closed at once: results attach to the parameters' long-lived manager
                try (NDArray g = p.getGradient(); NDArray decay = p.mul(config.weightDecay())) {
                    NDArray buf = momentum.get(e.getKey());
                    if (buf == null) {
                        buf = g.mul(gradScale);
                        buf.attach(manager);
                        buf.addi(decay);
                        momentum.put(e.getKey(), buf);
                    } else {
                        try (NDArray scaled = g.mul(gradScale)) {
                            buf.muli(config.momentum()).addi(scaled).addi(decay);
                        }
                    }
                    try (NDArray update = buf.mul(lr)) {
                        p.subi(update);
                    }
                    g.subi(g); // clears the accumulated gradient: the array shares storage with p.grad
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Momentum buffers as tensors keyed {@code <parameter key>} (absent before the first step). */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        momentum.forEach((k, v) -> out.put(k, new Tensor(v.getShape().getShape(), v.toFloatArray())));
        return out;
    }

    /** Restores momentum buffers saved by {@link #state()}; unknown keys or wrong shapes are an error. */
    public void loadState(Map<String, Tensor> state) {
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            NDArray p = params.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("optimiser state for unknown parameter " + e.getKey());
            }
            Shape shape = new Shape(e.getValue().shape());
            if (!shape.equals(p.getShape())) {
                throw new IllegalArgumentException("optimiser state " + e.getKey() + " has shape " + shape
                        + ", parameter has " + p.getShape());
            }
            NDArray old = momentum.put(e.getKey(), manager.create(e.getValue().data(), shape));
            if (old != null) {
                old.close();
            }
        }
    }
}
