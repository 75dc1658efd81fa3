package dev.retinaface.model.nets;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of the reference RetinaFace shared by every backbone: feature pyramid (lateral 1×1,
 * nearest upsampling, 3×3 merge), an SSH context module per level and 1×1 heads for scores, boxes and
 * landmarks. Checkpoint keys follow biubug6/Pytorch_Retinaface ({@code fpn.*}, {@code ssh1.*},
 * {@code ClassHead.0.conv1x1}, ...).
 */
public final class PyramidHeads {

    private PyramidHeads() {
    }

    /** LeakyReLU slope the reference uses: 0.1 for narrow (at most 64 channels) pyramids, else plain ReLU. */
    public static Activation leakyFor(int channels) {
        return Activation.leaky(channels <= 64 ? 0.1f : 0f);
    }

    /**
     * Adds FPN, SSH and heads on top of backbone features (finest first) and builds the network.
     *
     * @param levels          backbone outputs, stride ascending
     * @param levelChannels   channels of each backbone output
     * @param channels        pyramid width
     * @param anchorsPerCell  anchors per location on each level
     */
    public static Network build(NetworkBuilder b, List<Node> levels, int[] levelChannels, int channels,
                                int anchorsPerCell) {
        Activation leaky = leakyFor(channels);
        int n = levels.size();
        List<Node> lateral = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lateral.add(b.convBn("fpn.output" + (i + 1), levels.get(i), levelChannels[i], channels, 1, 1, 0, 1, leaky));
        }
        // top-down: upsample the coarser level to the finer one's size, add, merge with a 3x3 conv
        List<Node> merged = new ArrayList<>(lateral);
        for (int i = n - 2; i >= 0; i--) {
            Node up = b.upsampleLike("fpn.up" + (i + 2), merged.get(i + 1), lateral.get(i));
            Node sum = b.sum("fpn.sum" + (i + 1), lateral.get(i), up);
            merged.set(i, b.convBn("fpn.merge" + (i + 1), sum, channels, channels, 3, 1, 1, 1, leaky));
        }
        List<Node> boxes = new ArrayList<>();
        List<Node> scores = new ArrayList<>();
        List<Node> marks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Node feature = ssh(b, "ssh" + (i + 1), merged.get(i), channels, channels);
            boxes.add(head(b, "BboxHead." + i, feature, channels, anchorsPerCell, 4));
            scores.add(head(b, "ClassHead." + i, feature, channels, anchorsPerCell, 2));
            marks.add(head(b, "LandmarkHead." + i, feature, channels, anchorsPerCell, 10));
        }
        return b.build(
                b.concatAnchors("boxes", boxes.toArray(Node[]::new)),
                b.concatAnchors("scores", scores.toArray(Node[]::new)),
                b.concatAnchors("landmarks", marks.toArray(Node[]::new)));
    }

    /** SSH context module: 3×3, 5×5 (two 3×3) and 7×7 (three 3×3) paths, concatenated, ReLU. */
    static Node ssh(NetworkBuilder b, String p, Node x, int in, int out) {
        Activation leaky = leakyFor(out);
        Node c3 = b.convBn(p + ".conv3X3", x, in, out / 2, 3, 1, 1, 1, Activation.NONE);
        Node c51 = b.convBn(p + ".conv5X5_1", x, in, out / 4, 3, 1, 1, 1, leaky);
        Node c5 = b.convBn(p + ".conv5X5_2", c51, out / 4, out / 4, 3, 1, 1, 1, Activation.NONE);
        Node c72 = b.convBn(p + ".conv7X7_2", c51, out / 4, out / 4, 3, 1, 1, 1, leaky);
        Node c7 = b.convBn(p + ".conv7x7_3", c72, out / 4, out / 4, 3, 1, 1, 1, Activation.NONE);
        Node cat = b.concatChannels(p + ".cat", c3, c5, c7);
        return b.activate(p + ".relu", cat, Activation.RELU);
    }

    static Node head(NetworkBuilder b, String p, Node x, int in, int anchors, int k) {
        Node conv = b.convBias(p + ".conv1x1", x, in, anchors * k, 1, 1, 0, 1, Activation.NONE);
        return b.headReshape(p + ".reshape", conv, k);
    }
}
