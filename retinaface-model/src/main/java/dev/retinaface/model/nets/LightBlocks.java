package dev.retinaface.model.nets;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;

/**
 * Building blocks of biubug6/Face-Detector-1MB-with-landmark ({@code models/net_slim.py},
 * {@code models/net_rfb.py}), named as there so checkpoint keys match. Every activation is a plain ReLU.
 */
final class LightBlocks {

    private LightBlocks() {
    }

    /** {@code conv_bn}: 3×3 convolution (key {@code .0}), batch norm ({@code .1}), ReLU. */
    static Node convBn(NetworkBuilder b, String p, Node x, int in, int out, int stride) {
        return b.convBn(p, x, in, out, 3, stride, 1, 1, Activation.RELU);
    }

    /** {@code conv_dw}: depthwise 3×3 ({@code .0/.1}) and pointwise 1×1 ({@code .3/.4}), each BN + ReLU. */
    static Node convDw(NetworkBuilder b, String p, Node x, int in, int out, int stride) {
        Node dw = b.add(p + ".dw", new Layer.Conv(p + ".0", p + ".1", in, in, 3, 3, stride, 1, 1, 1, in, false,
                Activation.RELU), x);
        return b.add(p + ".pw", new Layer.Conv(p + ".3", p + ".4", in, out, 1, 1, 1, 0, 0, 1, 1, false,
                Activation.RELU), dw);
    }

    /**
     * {@code depth_conv2d}: depthwise convolution with bias ({@code .0}), ReLU, pointwise 1×1 with bias
     * ({@code .2}) and no activation.
     */
    static Node depthConv(NetworkBuilder b, String p, Node x, int in, int out, int kernel, int stride, int pad) {
        Node dw = b.convBias(p + ".0", x, in, in, kernel, stride, pad, in, Activation.RELU);
        return b.convBias(p + ".2", dw, in, out, 1, 1, 0, 1, Activation.NONE);
    }

    /**
     * {@code BasicConv} with batch norm: convolution {@code p.conv} (no bias), batch norm {@code p.bn},
     * optional ReLU. Square kernel, padding and dilation as the RFB block uses them.
     */
    static Node basicConv(NetworkBuilder b, String p, Node x, int in, int out, int kernel, int stride, int pad,
                          int dilation, boolean relu) {
        return b.add(p, new Layer.Conv(p + ".conv", p + ".bn", in, out, kernel, kernel, stride, pad, pad, dilation,
                1, false, relu ? Activation.RELU : Activation.NONE), x);
    }
}
