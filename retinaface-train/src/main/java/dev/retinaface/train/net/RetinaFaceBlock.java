package dev.retinaface.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.Node;
import dev.retinaface.model.arch.ShapeInference;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block that runs an architecture description ({@link Network}) on the PyTorch engine.
 * Every parameter is a DJL {@link Parameter} named by its checkpoint key ({@code body.stage1.0.0.weight}, ...),
 * so weights move to and from checkpoints by name ({@link WeightTransfer}).
 *
 * <p>Input: one NCHW float image batch (BGR minus the mean). Output: {@code [boxes (N,A,4), scores (N,A,2),
 * landmarks (N,A,10)]}. In training mode batch norms use batch statistics and update their running
 * statistics as PyTorch does (momentum 0.1).
 *
 * <p>DJL needs a {@link ParameterStore} for training-mode forward passes ({@code new ParameterStore(manager, false)});
 * the block itself reads parameter arrays directly (one device).
 *
 * <p>Parameters start without values: call {@link ParameterInit#pytorchDefault} or
 * {@link WeightTransfer#load} before the first forward pass.
 */
public final class RetinaFaceBlock extends AbstractBlock {

    /** DJL's batch-norm momentum is "keep" (0.9), PyTorch's is "take" (0.1): the same rule. */
    private static final float DJL_BN_MOMENTUM = 0.9f;

    private final Network network;
    private final Map<String, Parameter> byKey = new LinkedHashMap<>();
    /** For each node, the last node that reads it; -1 for the input and the outputs, which are never released. */
    private final int[] lastReader;

    public RetinaFaceBlock(Network network) {
        this.network = network;
        this.lastReader = lastReaders(network);
        for (Map.Entry<String, long[]> e : network.parameterShapes().entrySet()) {
            String key = e.getKey();
            Parameter p = addParameter(Parameter.builder()
                    .setName(key)
                    .setType(typeOf(key))
                    .optRequiresGrad(isTrainable(key))
                    .build());
            byKey.put(key, p);
        }
    }

    /** The architecture this block runs. */
    public Network network() {
        return network;
    }

    /** Parameters by checkpoint key, in network order (running statistics included). */
    public Map<String, Parameter> parametersByKey() {
        return Collections.unmodifiableMap(byKey);
    }

    /** Whether the tensor under {@code key} is learned by gradient descent (not a batch-norm running statistic). */
    public static boolean isTrainable(String key) {
        return !key.endsWith(".running_mean") && !key.endsWith(".running_var");
    }

    private static Parameter.Type typeOf(String key) {
        if (key.endsWith(".running_mean")) {
            return Parameter.Type.RUNNING_MEAN;
        }
        if (key.endsWith(".running_var")) {
            return Parameter.Type.RUNNING_VAR;
        }
        return key.endsWith(".bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
    }

    /**
     * DJL's hook: gives parameters without a value PyTorch's default initialisation (seed 0, see
     * {@link ParameterInit}); never touches parameters that already have values (loaded or trained).
     */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        this.inputShapes = inputShapes;
        if (!isInitialized()) {
            ParameterInit.pytorchDefault(this, manager, 0L);
        }
    }

    /** Whether every parameter has a value (DJL also asks for recorded input shapes, which this block does not need). */
    @Override
    public boolean isInitialized() {
        for (Parameter p : byKey.values()) {
            if (!p.isInitialized()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        List<Node> nodes = network.nodes();
        NDArray[] values = new NDArray[nodes.size()];
        values[0] = inputs.singletonOrThrow();
        for (int i = 1; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            values[i] = apply(node, values, store, training);
            for (Node in : node.inputs()) {
                if (lastReader[in.id()] == i && values[in.id()] != values[i]) {
                    release(values[in.id()]);
                }
            }
        }
        return new NDList(values[network.boxes().id()], values[network.scores().id()],
                values[network.landmarks().id()]);
    }

    /*
     * Why intermediates are released as soon as no later node reads them: autograd keeps its own reference to every
     * tensor the backward pass needs and drops it once used, as in PyTorch's Python front end. A Java handle kept
     * until the step's manager closes would pin each activation through the whole backward pass, so every gradient
     * buffer would need fresh memory instead of reusing what backward has just freed.
     */
    private static int[] lastReaders(Network network) {
        int[] last = new int[network.nodes().size()];
        Arrays.fill(last, -1);
        for (Node node : network.nodes()) {
            for (Node in : node.inputs()) {
                last[in.id()] = node.id();
            }
        }
        last[0] = -1;
        last[network.boxes().id()] = -1;
        last[network.scores().id()] = -1;
        last[network.landmarks().id()] = -1;
        return last;
    }

    /** Drops this block's handle on an intermediate array (the tensor lives on while autograd holds it). */
    private static void release(NDArray array) {
        array.close();
    }

    private NDArray apply(Node node, NDArray[] values, ParameterStore store, boolean training) {
        NDArray x = values[node.inputs().get(0).id()];
        Layer layer = node.layer();
        if (layer instanceof Layer.Conv c) {
            return conv(c, x, store, training);
        } else if (layer instanceof Layer.Activate a) {
            return activate(x, a.activation());
        } else if (layer instanceof Layer.Add) {
            return x.add(values[node.inputs().get(1).id()]);
        } else if (layer instanceof Layer.Scale s) {
            return x.mul(s.factor());
        } else if (layer instanceof Layer.ConcatChannels || layer instanceof Layer.ConcatAnchors) {
            NDList parts = new NDList();
            for (Node in : node.inputs()) {
                parts.add(values[in.id()]);
            }
            return NDArrays.concat(parts, 1);
        } else if (layer instanceof Layer.MaxPool m) {
            return Pool.maxPool2d(x, new Shape(m.kernel(), m.kernel()), new Shape(m.stride(), m.stride()),
                    new Shape(m.padding(), m.padding()), false);
        } else if (layer instanceof Layer.UpsampleNearestLike) {
            Shape like = values[node.inputs().get(1).id()].getShape();
            // PyTorch engine mode 0 = nearest: source index floor(dst * in / out), as the reference
            return x.getNDArrayInternal().interpolation(new long[] {like.get(2), like.get(3)}, 0, false);
        } else if (layer instanceof Layer.HeadReshape h) {
            NDArray nhwc = x.transpose(0, 2, 3, 1);
            NDArray perAnchor = nhwc.reshape(x.getShape().get(0), -1, h.valuesPerAnchor());
            release(nhwc);
            return perAnchor;
        }
        throw new IllegalStateException("layer not supported by the DJL block: " + layer + " at " + node);
    }

    private NDArray conv(Layer.Conv c, NDArray x, ParameterStore store, boolean training) {
        NDArray w = value(c.weight() + ".weight", x, store, training);
        NDArray b = c.bias() ? value(c.weight() + ".bias", x, store, training) : null;
        NDArray y = Conv2d.conv2d(x, w, b, new Shape(c.stride(), c.stride()), new Shape(c.padH(), c.padW()),
                new Shape(c.dilation(), c.dilation()), c.groups()).singletonOrThrow();
        if (c.batchNorm() != null) {
            String p = c.batchNorm();
            NDArray normalised = BatchNorm.batchNorm(y, value(p + ".running_mean", x, store, training),
                    value(p + ".running_var", x, store, training), value(p + ".weight", x, store, training),
                    value(p + ".bias", x, store, training), 1, DJL_BN_MOMENTUM, Layer.Conv.BN_EPS, training)
                    .singletonOrThrow();
            release(y);
            y = normalised;
        }
        NDArray activated = activate(y, c.activation());
        if (activated != y) {
            release(y);
        }
        return activated;
    }

    private static NDArray activate(NDArray x, dev.retinaface.model.arch.Activation act) {
        return switch (act.kind()) {
            case NONE -> x;
            case RELU -> Activation.relu(x);
            case LEAKY_RELU -> Activation.leakyRelu(x, act.slope());
        };
    }

    private NDArray value(String key, NDArray like, ParameterStore store, boolean training) {
        Parameter p = byKey.get(key);
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter " + key + " has no value: initialise or load weights first");
        }
        // single-device training: the parameter's own array (the optimiser updates it in place)
        return p.getArray();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long anchors = ShapeInference.anchorCount(network, in.get(2), in.get(3));
        long n = in.get(0);
        return new Shape[] {new Shape(n, anchors, 4), new Shape(n, anchors, 2), new Shape(n, anchors, 10)};
    }

    @Override
    public String toString() {
        return "RetinaFaceBlock(" + network.name() + ", " + byKey.size() + " tensors)";
    }
}
