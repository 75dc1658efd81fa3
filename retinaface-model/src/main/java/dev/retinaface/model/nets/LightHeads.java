package dev.retinaface.model.nets;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.NetworkBuilder;
import dev.retinaface.model.arch.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code multibox} heads of the slim and RFB networks: on every level but the last a depthwise
 * 3×3 + pointwise 1×1 ({@code loc.i.0}, {@code loc.i.2}), on the last level one plain 3×3 convolution
 * ({@code loc.3}); {@code conf} and {@code landm} likewise. Unlike {@link PyramidHeads} the anchor count
 * may differ per level.
 */
final class LightHeads {

    private LightHeads() {
    }

    /**
     * Adds the heads and builds the network.
     *
     * @param features        detection features, stride ascending
     * @param channels        channels of each feature
     * @param anchorsPerLevel anchors per location on each level
     */
    static Network build(NetworkBuilder b, List<Node> features, int[] channels, int[] anchorsPerLevel) {
        if (features.size() != channels.length || channels.length != anchorsPerLevel.length) {
            throw new IllegalArgumentException("one channel count and one anchor count per feature level needed");
        }
        List<Node> boxes = new ArrayList<>();
        List<Node> scores = new ArrayList<>();
        List<Node> marks = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            boolean last = i == features.size() - 1;
            boxes.add(head(b, "loc." + i, features.get(i), channels[i], anchorsPerLevel[i], 4, last));
            scores.add(head(b, "conf." + i, features.get(i), channels[i], anchorsPerLevel[i], 2, last));
            marks.add(head(b, "landm." + i, features.get(i), channels[i], anchorsPerLevel[i], 10, last));
        }
        return b.build(
                b.concatAnchors("boxes", boxes.toArray(Node[]::new)),
                b.concatAnchors("scores", scores.toArray(Node[]::new)),
                b.concatAnchors("landmarks", marks.toArray(Node[]::new)));
    }

    private static Node head(NetworkBuilder b, String p, Node x, int in, int anchors, int k, boolean plain) {
        Node conv = plain
                ? b.convBias(p, x, in, anchors * k, 3, 1, 1, 1, Activation.NONE)
                : LightBlocks.depthConv(b, p, x, in, anchors * k, 3, 1, 1);
        return b.headReshape(p + ".reshape", conv, k);
    }
}
