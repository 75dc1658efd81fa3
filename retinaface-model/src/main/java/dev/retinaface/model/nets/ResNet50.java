package dev.retinaface.model.nets;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;

import java.util.List;

/**
 * RetinaFace with a torchvision ResNet-50 body, as biubug6/Pytorch_Retinaface builds it for
 * {@code Resnet50_Final.pth}: {@code IntermediateLayerGetter} returning {@code layer2..layer4}
 * (512, 1024, 2048 channels at strides 8, 16, 32), pyramid of 256 channels (so plain ReLU), SSH, two anchors
 * per location. Keys {@code body.conv1.weight}, {@code body.bn1.*}, {@code body.layer1.0.conv1.weight},
 * {@code body.layer1.0.downsample.0.weight}, ... 27,293,600 parameters.
 */
public final class ResNet50 {

    private static final int[] BLOCKS = {3, 4, 6, 3};
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int EXPANSION = 4;

    private ResNet50() {
    }

    /** The ResNet-50 RetinaFace network. */
    public static Network retinaFace() {
        NetworkBuilder b = new NetworkBuilder("Resnet50");
        Node[] levels = backbone(b, b.input(3), "body.");
        return PyramidHeads.build(b, List.of(levels), new int[] {512, 1024, 2048}, 256, 2);
    }

    /** Anchors of the ResNet-50 model: the reference ones ({@code cfg_re50}). */
    public static PriorConfig priors() {
        return PriorConfig.reference();
    }

    /** Adds the stem and the four stages; returns the outputs of layer2, layer3 and layer4. */
    static Node[] backbone(NetworkBuilder b, Node x, String prefix) {
        x = b.add(prefix + "conv1", new Layer.Conv(prefix + "conv1", prefix + "bn1", 3, 64, 7, 7, 2, 3, 3, 1, 1,
                false, Activation.RELU), x);
        x = b.add(prefix + "maxpool", new Layer.MaxPool(3, 2, 1), x);
        Node[] stageOutputs = new Node[BLOCKS.length];
        int channels = 64;
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            int stride = stage == 0 ? 1 : 2;
            for (int block = 0; block < BLOCKS[stage]; block++) {
                String p = prefix + "layer" + (stage + 1) + "." + block;
                x = bottleneck(b, p, x, channels, WIDTHS[stage], block == 0 ? stride : 1);
                channels = WIDTHS[stage] * EXPANSION;
            }
            stageOutputs[stage] = x;
        }
        return new Node[] {stageOutputs[1], stageOutputs[2], stageOutputs[3]};
    }

    /**
     * torchvision {@code Bottleneck} (stride on the 3×3, "ResNet v1.5"): 1×1, 3×3, 1×1 (×4 channels), each
     * with batch norm; a 1×1 {@code downsample} projection when the shape changes; sum, ReLU.
     */
    static Node bottleneck(NetworkBuilder b, String p, Node x, int in, int width, int stride) {
        int out = width * EXPANSION;
        Node y = conv(b, p, "1", x, in, width, 1, 1, Activation.RELU);
        y = conv(b, p, "2", y, width, width, 3, stride, Activation.RELU);
        y = conv(b, p, "3", y, width, out, 1, 1, Activation.NONE);
        Node identity = x;
        if (stride != 1 || in != out) {
            identity = b.add(p + ".downsample", new Layer.Conv(p + ".downsample.0", p + ".downsample.1", in, out,
                    1, 1, stride, 0, 0, 1, 1, false, Activation.NONE), x);
        }
        return b.activate(p + ".relu", b.sum(p + ".sum", y, identity), Activation.RELU);
    }

    private static Node conv(NetworkBuilder b, String p, String index, Node x, int in, int out, int kernel,
                             int stride, Activation act) {
        int pad = kernel / 2;
        return b.add(p + ".conv" + index, new Layer.Conv(p + ".conv" + index, p + ".bn" + index, in, out, kernel,
                kernel, stride, pad, pad, 1, 1, false, act), x);
    }
}
