package dev.retinaface.model.nets;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The "slim" detector of biubug6/Face-Detector-1MB-with-landmark ({@code models/net_slim.py},
 * {@code slim_Final.pth}): a plain MobileNet-like body ({@code conv1} .. {@code conv13}, ReLU), an extra
 * stride-64 level ({@code conv14}) and light heads on four levels (strides 8, 16, 32, 64; 64, 128, 256
 * and 256 channels; 3, 2, 2, 3 anchors). No FPN and no SSH.
 */
public final class Slim {

    /** Anchors per location on each of the four levels. */
    static final int[] ANCHORS_PER_LEVEL = {3, 2, 2, 3};

    private Slim() {
    }

    /** The slim network, keys {@code conv1.0.weight} .. {@code landm.3.bias}. */
    public static Network retinaFace() {
        return build("slim", (b, x) -> LightBlocks.convDw(b, "conv8", x, 64, 64, 1));
    }

    /**
     * Anchors the slim and RFB models were trained with ({@code cfg_slim}, {@code cfg_rfb}):
     * {10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256} at strides 8, 16, 32, 64.
     */
    public static PriorConfig priors() {
        return new PriorConfig(new int[][] {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}},
                new int[] {8, 16, 32, 64}, 0.1f, 0.2f);
    }

    /**
     * The body shared with {@link Rfb}, which differs only in {@code conv8} (64 to 64 channels, stride 1).
     *
     * @param conv8 adds the {@code conv8} block to the builder, given its input
     */
    static Network build(String name, BiFunction<NetworkBuilder, Node, Node> conv8) {
        NetworkBuilder b = new NetworkBuilder(name);
        Node x = LightBlocks.convBn(b, "conv1", b.input(3), 3, 16, 2);
        x = LightBlocks.convDw(b, "conv2", x, 16, 32, 1);
        x = LightBlocks.convDw(b, "conv3", x, 32, 32, 2);
        x = LightBlocks.convDw(b, "conv4", x, 32, 32, 1);
        x = LightBlocks.convDw(b, "conv5", x, 32, 64, 2);
        x = LightBlocks.convDw(b, "conv6", x, 64, 64, 1);
        x = LightBlocks.convDw(b, "conv7", x, 64, 64, 1);
        Node stride8 = conv8.apply(b, x);
        x = LightBlocks.convDw(b, "conv9", stride8, 64, 128, 2);
        x = LightBlocks.convDw(b, "conv10", x, 128, 128, 1);
        Node stride16 = LightBlocks.convDw(b, "conv11", x, 128, 128, 1);
        x = LightBlocks.convDw(b, "conv12", stride16, 128, 256, 2);
        Node stride32 = LightBlocks.convDw(b, "conv13", x, 256, 256, 1);
        // conv14: 1x1 reduction (bias, ReLU), then depth_conv2d with stride 2, then ReLU
        x = b.convBias("conv14.0", stride32, 256, 64, 1, 1, 0, 1, Activation.RELU);
        x = LightBlocks.depthConv(b, "conv14.2", x, 64, 256, 3, 2, 1);
        Node stride64 = b.activate("conv14.relu", x, Activation.RELU);
        return LightHeads.build(b, List.of(stride8, stride16, stride32, stride64),
                new int[] {64, 128, 256, 256}, ANCHORS_PER_LEVEL);
    }
}
