package dev.retinaface.model.nets;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;

import java.util.List;

/**
 * RetinaFace with the MobileNetV1 ×0.25 backbone of the reference ({@code models/net.py MobileNetV1}):
 * three stages giving 64, 128 and 256 channels at strides 8, 16 and 32; pyramid of 64 channels;
 * two anchors per cell. Keys {@code body.stage1.0.0.weight}, ...
 */
public final class MobileNetV1 {

    private static final Activation LEAKY = Activation.leaky(0.1f);

    private MobileNetV1() {
    }

    /** The reference network ({@code mobilenet0.25_Final.pth}): 426,608 parameters. */
    public static Network retinaFace() {
        NetworkBuilder b = new NetworkBuilder("mobilenet0.25");
        Node x = b.input(3);
        Node[] stages = backbone(b, x, "body.");
        return PyramidHeads.build(b, List.of(stages), new int[] {64, 128, 256}, 64, 2);
    }

    /**
     * Adds the backbone; returns the outputs of stage1, stage2 and stage3.
     * {@code prefix} is {@code "body."} in detector checkpoints.
     */
    public static Node[] backbone(NetworkBuilder b, Node x, String prefix) {
        String s1 = prefix + "stage1.";
        x = b.convBn(s1 + "0", x, 3, 8, 3, 2, 1, 1, LEAKY);
        x = convDw(b, s1 + "1", x, 8, 16, 1);
        x = convDw(b, s1 + "2", x, 16, 32, 2);
        x = convDw(b, s1 + "3", x, 32, 32, 1);
        x = convDw(b, s1 + "4", x, 32, 64, 2);
        Node c1 = convDw(b, s1 + "5", x, 64, 64, 1);
        String s2 = prefix + "stage2.";
        x = convDw(b, s2 + "0", c1, 64, 128, 2);
        for (int i = 1; i <= 5; i++) {
            x = convDw(b, s2 + i, x, 128, 128, 1);
        }
        Node c2 = x;
        String s3 = prefix + "stage3.";
        x = convDw(b, s3 + "0", c2, 128, 256, 2);
        Node c3 = convDw(b, s3 + "1", x, 256, 256, 1);
        return new Node[] {c1, c2, c3};
    }

    /** Depthwise 3×3 (keys {@code .0/.1}) then pointwise 1×1 (keys {@code .3/.4}), each BN + LeakyReLU(0.1). */
    static Node convDw(NetworkBuilder b, String p, Node x, int in, int out, int stride) {
        Node dw = b.add(p + ".dw", new dev.retinaface.model.arch.Layer.Conv(p + ".0", p + ".1", in, in, 3, 3,
                stride, 1, 1, 1, in, false, LEAKY), x);
        return b.add(p + ".pw", new dev.retinaface.model.arch.Layer.Conv(p + ".3", p + ".4", in, out, 1, 1,
                1, 0, 0, 1, 1, false, LEAKY), dw);
    }
}
