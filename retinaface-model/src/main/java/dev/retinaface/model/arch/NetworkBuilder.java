package dev.retinaface.model.arch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Network} node by node. The helpers mirror the building blocks of the reference
 * PyTorch code ({@code conv_bn}, {@code conv_dw}, ...) so descriptions read like the originals.
 */
public final class NetworkBuilder {

    private final String networkName;
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    public NetworkBuilder(String networkName) {
        this.networkName = networkName;
    }

    /** Adds a node; {@code name} must be unique. */
    public Node add(String name, Layer layer, Node... inputs) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate node name " + name);
        }
        if (layer.arity() >= 0 && inputs.length != layer.arity()) {
            throw new IllegalArgumentException(name + ": " + layer.getClass().getSimpleName() + " takes "
                    + layer.arity() + " inputs, got " + inputs.length);
        }
        if (layer.arity() < 0 && inputs.length == 0) {
            throw new IllegalArgumentException(name + ": needs at least one input");
        }
        Node node = new Node(nodes.size(), name, layer, List.of(inputs));
        nodes.add(node);
        return node;
    }

    /** The image input; must be the first node. */
    public Node input(int channels) {
        if (!nodes.isEmpty()) {
            throw new IllegalStateException("input must be the first node");
        }
        return add("input", new Layer.Input(channels));
    }

    /**
     * Square convolution without bias, followed by batch norm and an activation: the reference
     * {@code conv_bn} family. Keys: {@code prefix.0} (conv) and {@code prefix.1} (batch norm).
     */
    public Node convBn(String prefix, Node in, int inCh, int outCh, int kernel, int stride, int padding,
                       int groups, Activation act) {
        return add(prefix, new Layer.Conv(prefix + ".0", prefix + ".1", inCh, outCh, kernel, kernel, stride,
                padding, padding, 1, groups, false, act), in);
    }

    /** Plain convolution with bias (heads). Keys: {@code prefix.weight}, {@code prefix.bias}. */
    public Node convBias(String prefix, Node in, int inCh, int outCh, int kernel, int stride, int padding,
                         int groups, Activation act) {
        return add(prefix, new Layer.Conv(prefix, null, inCh, outCh, kernel, kernel, stride, padding, padding,
                1, groups, true, act), in);
    }

    public Node activate(String name, Node in, Activation act) {
        return add(name, new Layer.Activate(act), in);
    }

    public Node sum(String name, Node a, Node b) {
        return add(name, new Layer.Add(), a, b);
    }

    public Node concatChannels(String name, Node... in) {
        return add(name, new Layer.ConcatChannels(), in);
    }

    public Node upsampleLike(String name, Node in, Node like) {
        return add(name, new Layer.UpsampleNearestLike(), in, like);
    }

    public Node headReshape(String name, Node in, int valuesPerAnchor) {
        return add(name, new Layer.HeadReshape(valuesPerAnchor), in);
    }

    public Node concatAnchors(String name, Node... in) {
        return add(name, new Layer.ConcatAnchors(), in);
    }

    /** Finishes the network with its three outputs. */
    public Network build(Node boxes, Node scores, Node landmarks) {
        return new Network(networkName, nodes, boxes, scores, landmarks);
    }
}
