package dev.retinaface.model.nets;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;

/**
 * The "RFB" detector of biubug6/Face-Detector-1MB-with-landmark ({@code models/net_rfb.py},
 * {@code RBF_Final.pth}): the {@link Slim} network with its {@code conv8} replaced by a receptive-field
 * block ({@code BasicRFB(64, 64, stride=1, scale=1.0)}). Same four levels, heads and anchors as slim.
 */
public final class Rfb {

    private Rfb() {
    }

    /** The RFB network, keys {@code conv8.branch0.0.conv.weight}, {@code conv8.ConvLinear.bn.bias}, ... */
    public static Network retinaFace() {
        return Slim.build("RFB", (b, x) -> basicRfb(b, "conv8", x, 64, 64, 1, 1.0f, 8, 1));
    }

    /** The anchors of the RFB model: the same as {@link Slim#priors()}. */
    public static PriorConfig priors() {
        return Slim.priors();
    }

    /**
     * {@code BasicRFB}: three branches (1×1 reduction, 3×3 convolutions, a dilated 3×3 with dilation
     * {@code vision + 1}, {@code + 2}, {@code + 4}), concatenated, projected by {@code ConvLinear}, scaled,
     * added to a 1×1 {@code shortcut}, ReLU.
     *
     * @param mapReduce channel reduction of the branches ({@code inter = in / mapReduce})
     * @param vision    base dilation offset
     */
    static Node basicRfb(NetworkBuilder b, String p, Node x, int in, int out, int stride, float scale,
                         int mapReduce, int vision) {
        int inter = in / mapReduce;
        String p0 = p + ".branch0.";
        Node b0 = LightBlocks.basicConv(b, p0 + "0", x, in, inter, 1, 1, 0, 1, false);
        b0 = LightBlocks.basicConv(b, p0 + "1", b0, inter, 2 * inter, 3, stride, 1, 1, true);
        b0 = LightBlocks.basicConv(b, p0 + "2", b0, 2 * inter, 2 * inter, 3, 1, vision + 1, vision + 1, false);

        String p1 = p + ".branch1.";
        Node b1 = LightBlocks.basicConv(b, p1 + "0", x, in, inter, 1, 1, 0, 1, false);
        b1 = LightBlocks.basicConv(b, p1 + "1", b1, inter, 2 * inter, 3, stride, 1, 1, true);
        b1 = LightBlocks.basicConv(b, p1 + "2", b1, 2 * inter, 2 * inter, 3, 1, vision + 2, vision + 2, false);

        String p2 = p + ".branch2.";
        int mid = inter / 2 * 3;
        Node b2 = LightBlocks.basicConv(b, p2 + "0", x, in, inter, 1, 1, 0, 1, false);
        b2 = LightBlocks.basicConv(b, p2 + "1", b2, inter, mid, 3, 1, 1, 1, true);
        b2 = LightBlocks.basicConv(b, p2 + "2", b2, mid, 2 * inter, 3, stride, 1, 1, true);
        b2 = LightBlocks.basicConv(b, p2 + "3", b2, 2 * inter, 2 * inter, 3, 1, vision + 4, vision + 4, false);

        Node cat = b.concatChannels(p + ".cat", b0, b1, b2);
        Node linear = LightBlocks.basicConv(b, p + ".ConvLinear", cat, 6 * inter, out, 1, 1, 0, 1, false);
        if (scale != 1f) {
            linear = b.add(p + ".scale", new Layer.Scale(scale), linear);
        }
        Node shortcut = LightBlocks.basicConv(b, p + ".shortcut", x, in, out, 1, stride, 0, 1, false);
        return b.activate(p + ".relu", b.sum(p + ".sum", linear, shortcut), Activation.RELU);
    }
}
