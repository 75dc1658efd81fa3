package dev.retinaface.model.nets;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * RetinaFace MobileNetV1 ×0.25 with the paper's five pyramid levels P2..P6 (strides 4..64) and three anchors
 * per location. The backbone is the reference one (same keys, so the ImageNet backbone loads); C2 is the
 * stride-4 output of {@code body.stage1.3} (32 channels). P2..P5 come from C2..C5 through 1×1 laterals and the
 * top-down path (nearest upsampling, add, 3×3 merge); P6 is a 3×3 stride-2 convolution on C5, as in the paper.
 * Each level has an SSH context module and 1×1 heads. New keys: {@code fpn.output1..4} (laterals),
 * {@code fpn.merge1..3}, {@code fpn.output5} (P6), {@code ssh1..5}, heads {@code *Head.0..4}.
 */
public final class PaperMobileNet {

    /** Anchors per location on every level. */
    public static final int ANCHORS_PER_CELL = 3;

    private PaperMobileNet() {
    }

    /** The anchors this network is built for: {@link PriorConfig#paper()} (five levels, three sizes each). */
    public static PriorConfig priors() {
        return PriorConfig.paper();
    }

    public static Network retinaFace() {
        NetworkBuilder b = new NetworkBuilder("mobilenet0.25-paper");
        Node x = b.input(3);
        String s1 = "body.stage1.";
        Activation leaky = Activation.leaky(0.1f);
        x = b.convBn(s1 + "0", x, 3, 8, 3, 2, 1, 1, leaky);
        x = MobileNetV1.convDw(b, s1 + "1", x, 8, 16, 1);
        x = MobileNetV1.convDw(b, s1 + "2", x, 16, 32, 2);
        Node c2 = MobileNetV1.convDw(b, s1 + "3", x, 32, 32, 1);
        x = MobileNetV1.convDw(b, s1 + "4", c2, 32, 64, 2);
        Node c3 = MobileNetV1.convDw(b, s1 + "5", x, 64, 64, 1);
        x = MobileNetV1.convDw(b, "body.stage2.0", c3, 64, 128, 2);
        for (int i = 1; i <= 5; i++) {
            x = MobileNetV1.convDw(b, "body.stage2." + i, x, 128, 128, 1);
        }
        Node c4 = x;
        x = MobileNetV1.convDw(b, "body.stage3.0", c4, 128, 256, 2);
        Node c5 = MobileNetV1.convDw(b, "body.stage3.1", x, 256, 256, 1);

        int channels = 64;
        Activation act = PyramidHeads.leakyFor(channels);
        Node[] levels = {c2, c3, c4, c5};
        int[] levelChannels = {32, 64, 128, 256};
        List<Node> lateral = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lateral.add(b.convBn("fpn.output" + (i + 1), levels[i], levelChannels[i], channels, 1, 1, 0, 1, act));
        }
        List<Node> merged = new ArrayList<>(lateral);
        for (int i = 2; i >= 0; i--) {
            Node up = b.upsampleLike("fpn.up" + (i + 2), merged.get(i + 1), lateral.get(i));
            Node sum = b.sum("fpn.sum" + (i + 1), lateral.get(i), up);
            merged.set(i, b.convBn("fpn.merge" + (i + 1), sum, channels, channels, 3, 1, 1, 1, act));
        }
        merged.add(b.convBn("fpn.output5", c5, 256, channels, 3, 2, 1, 1, act));

        List<Node> boxes = new ArrayList<>();
        List<Node> scores = new ArrayList<>();
        List<Node> marks = new ArrayList<>();
        for (int i = 0; i < merged.size(); i++) {
            Node feature = PyramidHeads.ssh(b, "ssh" + (i + 1), merged.get(i), channels, channels);
            boxes.add(PyramidHeads.head(b, "BboxHead." + i, feature, channels, ANCHORS_PER_CELL, 4));
            scores.add(PyramidHeads.head(b, "ClassHead." + i, feature, channels, ANCHORS_PER_CELL, 2));
            marks.add(PyramidHeads.head(b, "LandmarkHead." + i, feature, channels, ANCHORS_PER_CELL, 10));
        }
        return b.build(
                b.concatAnchors("boxes", boxes.toArray(Node[]::new)),
                b.concatAnchors("scores", scores.toArray(Node[]::new)),
                b.concatAnchors("landmarks", marks.toArray(Node[]::new)));
    }
}
