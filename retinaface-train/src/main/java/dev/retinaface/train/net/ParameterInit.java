package dev.retinaface.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Node;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Initial values as PyTorch gives a freshly built module (the reference code adds no initialiser):
 * convolution weights and biases uniform in ±1/sqrt(fan_in) (kaiming-uniform with a = sqrt(5)),
 * batch norm weight 1, bias 0, running mean 0, running variance 1. Seeded, so reproducible.
 */
public final class ParameterInit {

    private ParameterInit() {
    }

    /** Gives every parameter of {@code block} its PyTorch default value, drawn from {@code seed}. */
    public static void pytorchDefault(RetinaFaceBlock block, NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Parameter> params = block.parametersByKey();
        Map<String, long[]> shapes = block.network().parameterShapes();
        for (Node node : block.network().nodes()) {
            if (!(node.layer() instanceof Layer.Conv c)) {
                continue;
            }
            long[] ws = c.weightShape();
            double bound = 1.0 / Math.sqrt((double) ws[1] * ws[2] * ws[3]);
            set(params.get(c.weight() + ".weight"), uniform(ws, bound, random), ws, manager);
            if (c.bias()) {
                long[] bs = shapes.get(c.weight() + ".bias");
                set(params.get(c.weight() + ".bias"), uniform(bs, bound, random), bs, manager);
            }
            if (c.batchNorm() != null) {
                long[] s = {c.outChannels()};
                set(params.get(c.batchNorm() + ".weight"), filled(c.outChannels(), 1f), s, manager);
                set(params.get(c.batchNorm() + ".bias"), filled(c.outChannels(), 0f), s, manager);
                set(params.get(c.batchNorm() + ".running_mean"), filled(c.outChannels(), 0f), s, manager);
                set(params.get(c.batchNorm() + ".running_var"), filled(c.outChannels(), 1f), s, manager);
            }
        }
    }

    /** Replaces (or sets) the value of a parameter, keeping its gradient requirement. */
    static void set(Parameter p, float[] values, long[] shape, NDManager manager) {
        NDArray array = manager.create(values, new Shape(shape));
        array.setName(p.getName());
        if (p.isInitialized()) {
            NDArray old = p.getArray();
            // in-place copy keeps the array object (optimiser state and gradients refer to it)
            old.set(values);
            array.close();
            return;
        }
        if (p.requiresGradient()) {
            array.setRequiresGradient(true);
        }
        p.setArray(array);
    }

    private static float[] uniform(long[] shape, double bound, SplittableRandom random) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
