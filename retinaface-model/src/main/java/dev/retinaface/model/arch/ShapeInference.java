package dev.retinaface.model.arch;

import java.util.List;

/**
 * Static shape propagation through a {@link Network} (NCHW sizes, PyTorch arithmetic), for the trainer and for
 * graphs exported with a fixed input size.
 */
public final class ShapeInference {

    private ShapeInference() {
    }

    /**
     * Spatial and channel shape of every node for an input of {@code height × width}: {@code [c, h, w]} for
     * feature maps, {@code [anchors, k, -1]} for head outputs.
     */
    public static long[][] shapes(Network network, long height, long width) {
        List<Node> nodes = network.nodes();
        long[][] s = new long[nodes.size()][];
        for (Node node : nodes) {
            Layer layer = node.layer();
            long[] x = node.inputs().isEmpty() ? null : s[node.inputs().get(0).id()];
            s[node.id()] = shapeOf(node, layer, x, s, height, width);
        }
        return s;
    }

    private static long[] shapeOf(Node node, Layer layer, long[] x, long[][] s, long height, long width) {
        if (layer instanceof Layer.Input in) {
            return new long[] {in.channels(), height, width};
        } else if (layer instanceof Layer.Conv c) {
            return new long[] {c.outChannels(), convOut(x[1], c.kernelH(), c.stride(), c.padH(), c.dilation()),
                    convOut(x[2], c.kernelW(), c.stride(), c.padW(), c.dilation())};
        } else if (layer instanceof Layer.MaxPool m) {
            return new long[] {x[0], convOut(x[1], m.kernel(), m.stride(), m.padding(), 1),
                    convOut(x[2], m.kernel(), m.stride(), m.padding(), 1)};
        } else if (layer instanceof Layer.UpsampleNearestLike) {
            long[] like = s[node.inputs().get(1).id()];
            return new long[] {x[0], like[1], like[2]};
        } else if (layer instanceof Layer.ConcatChannels) {
            long c = 0;
            for (Node in : node.inputs()) {
                c += s[in.id()][0];
            }
            return new long[] {c, x[1], x[2]};
        } else if (layer instanceof Layer.HeadReshape h) {
            return new long[] {x[0] / h.valuesPerAnchor() * x[1] * x[2], h.valuesPerAnchor(), -1};
        } else if (layer instanceof Layer.ConcatAnchors) {
            long a = 0;
            for (Node in : node.inputs()) {
                a += s[in.id()][0];
            }
            return new long[] {a, x[1], -1};
        }
        return x.clone(); // Activate, Add, Scale keep the shape
    }

    /** Number of anchors the network predicts for an input of {@code height × width}. */
    public static long anchorCount(Network network, long height, long width) {
        return shapes(network, height, width)[network.scores().id()][0];
    }

    private static long convOut(long size, int kernel, int stride, int pad, int dilation) {
        return Math.floorDiv(size + 2L * pad - (long) dilation * (kernel - 1) - 1, stride) + 1;
    }
}
