package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.Node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the pyramid levels whose three heads (boxes, scores, landmarks) can run as one convolution: the three
 * head convolutions read the same feature with the same geometry, {@code groups = 1} and the same activation,
 * and each feeds only its {@link Layer.HeadReshape}. The fused convolution has {@code anchors * 16} output channels,
 * anchor-major ({@code a * 16 + j}: 4 box, 2 score, 10 landmark values), so that after NHWC and a reshape to
 * {@code (N, -1, 16)} one split on the last axis gives the three heads' rows in their original anchor order.
 * One conv instead of three means one weight pass over the feature and fewer layout reorders in ONNX Runtime.
 */
final class HeadFusion {

    static final int BOX = 4;
    static final int SCORE = 2;
    static final int LANDMARK = 10;
    /** Values per anchor of a fused head: box, score and landmark values in that order. */
    static final int PER_ANCHOR = BOX + SCORE + LANDMARK;
    private static final int[] WIDTHS = {BOX, SCORE, LANDMARK};

    /**
     * One level's heads to fuse.
     *
     * @param index   level position in the output concats
     * @param feature the node all three convolutions read
     * @param convs   box, score and landmark convolution nodes
     * @param heads   box, score and landmark {@link Layer.HeadReshape} nodes
     * @param anchors anchors per location
     */
    record Level(int index, Node feature, List<Node> convs, List<Node> heads, int anchors) {

        /** Geometry shared by the three convolutions (that of the box head). */
        Layer.Conv geometry() {
            return (Layer.Conv) convs.get(0).layer();
        }

        /** Shape of the fused weight: [anchors * 16, in, kh, kw]. */
        long[] fusedWeightShape() {
            Layer.Conv c = geometry();
            return new long[] {(long) anchors * PER_ANCHOR, c.inChannels(), c.kernelH(), c.kernelW()};
        }
    }

    /**
     * The fusion of one network.
     *
     * @param levels    levels to fuse, in output order
     * @param allLevels every level is fused and the three outputs are plain concats (or the heads themselves) that
     *                  nothing else reads: the fused rows can be concatenated first and split once
     */
    record Plan(List<Level> levels, boolean allLevels, Map<Node, Level> levelOfNode) {

        // identity maps: Node is a record whose hash walks its whole input graph
        static final Plan NONE = new Plan(List.of(), false, Collections.unmodifiableMap(new IdentityHashMap<>()));

        /** The fused level a head convolution or head reshape belongs to, or null. */
        Level levelOf(Node node) {
            return levelOfNode.get(node);
        }
    }

    private HeadFusion() {
    }

    /** Fusible levels of a network; {@link Plan#NONE} when the outputs are not per-level heads. */
    static Plan find(Network network) {
        List<Node> outputs = List.of(network.boxes(), network.scores(), network.landmarks());
        List<List<Node>> heads = new ArrayList<>();
        for (Node output : outputs) {
            List<Node> perLevel = headsOf(output);
            if (perLevel == null) {
                return Plan.NONE;
            }
            heads.add(perLevel);
        }
        int count = heads.get(0).size();
        if (heads.get(1).size() != count || heads.get(2).size() != count || distinct(outputs) != 3) {
            return Plan.NONE;
        }
        Map<Node, Integer> uses = new IdentityHashMap<>();
        for (Node n : network.nodes()) {
            n.inputs().forEach(in -> uses.merge(in, 1, Integer::sum));
        }
        List<Level> levels = new ArrayList<>();
        Map<Node, Level> levelOf = new IdentityHashMap<>();
        for (int i = 0; i < count; i++) {
            List<Node> levelHeads = List.of(heads.get(0).get(i), heads.get(1).get(i), heads.get(2).get(i));
            Level level = level(i, levelHeads, outputs, uses);
            if (level != null) {
                levels.add(level);
                level.convs().forEach(n -> levelOf.put(n, level));
                level.heads().forEach(n -> levelOf.put(n, level));
            }
        }
        boolean all = count > 0 && levels.size() == count
                && outputs.stream().allMatch(o -> uses.getOrDefault(o, 0) == 0);
        return new Plan(List.copyOf(levels), all, Collections.unmodifiableMap(levelOf));
    }

    /** Per-level heads of an output: a concat's inputs, or the output itself when it is a head. */
    private static List<Node> headsOf(Node output) {
        if (output.layer() instanceof Layer.ConcatAnchors) {
            return output.inputs();
        }
        return output.layer() instanceof Layer.HeadReshape ? List.of(output) : null;
    }

    private static Level level(int index, List<Node> heads, List<Node> outputs, Map<Node, Integer> uses) {
        List<Node> convs = new ArrayList<>();
        int anchors = -1;
        for (int h = 0; h < 3; h++) {
            Node head = heads.get(h);
            boolean isOutput = head == outputs.get(h);
            if (!(head.layer() instanceof Layer.HeadReshape reshape) || reshape.valuesPerAnchor() != WIDTHS[h]
                    || uses.getOrDefault(head, 0) != (isOutput ? 0 : 1)) {
                return null;
            }
            Node conv = head.inputs().get(0);
            if (!(conv.layer() instanceof Layer.Conv c) || c.groups() != 1 || c.outChannels() % WIDTHS[h] != 0
                    || uses.getOrDefault(conv, 0) != 1 || outputs.stream().anyMatch(o -> o == conv)) {
                return null;
            }
            int a = c.outChannels() / WIDTHS[h];
            if (anchors >= 0 && a != anchors) {
                return null;
            }
            anchors = a;
            convs.add(conv);
        }
        Node feature = convs.get(0).inputs().get(0);
        Layer.Conv first = (Layer.Conv) convs.get(0).layer();
        for (Node conv : convs) {
            if (conv.inputs().get(0) != feature || !sameGeometry(first, (Layer.Conv) conv.layer())) {
                return null;
            }
        }
        if (distinct(convs) != 3 || distinct(heads) != 3) {
            return null;
        }
        return new Level(index, feature, List.copyOf(convs), List.copyOf(heads), anchors);
    }

    private static boolean sameGeometry(Layer.Conv a, Layer.Conv b) {
        return a.inChannels() == b.inChannels() && a.kernelH() == b.kernelH() && a.kernelW() == b.kernelW()
                && a.stride() == b.stride() && a.padH() == b.padH() && a.padW() == b.padW()
                && a.dilation() == b.dilation() && a.groups() == b.groups() && a.activation().equals(b.activation());
    }

    private static int distinct(List<Node> nodes) {
        Set<Node> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(nodes);
        return set.size();
    }

    /**
     * Interleaves the three heads' per-output-channel blocks into the fused, anchor-major channel order: fused
     * channel {@code a * 16 + j} takes box channel {@code a * 4 + j} (j < 4), score channel {@code a * 2 + j - 4}
     * (j < 6) or landmark channel {@code a * 10 + j - 6}.
     *
     * @param perHead        box, score and landmark arrays of {@code anchors * k * block} values, or null for
     *                       zeros (a head without bias)
     * @param block          values per output channel: {@code in * kh * kw} for weights, 1 for biases
     */
    static float[] interleave(List<float[]> perHead, int anchors, int block) {
        float[] fused = new float[anchors * PER_ANCHOR * block];
        for (int a = 0; a < anchors; a++) {
            int j = 0;
            for (int h = 0; h < 3; h++) {
                float[] src = perHead.get(h);
                for (int c = 0; c < WIDTHS[h]; c++, j++) {
                    if (src != null) {
                        System.arraycopy(src, (a * WIDTHS[h] + c) * block, fused, (a * PER_ANCHOR + j) * block, block);
                    }
                }
            }
        }
        return fused;
    }

    /**
     * Score weights (or biases) of class pairs turned into their differences: each anchor's rows (w0, w1) become
     * (w0 - w1, w1 - w0), so the convolution gives logit differences whose sigmoids are the softmax probabilities.
     *
     * @param block values per output channel
     */
    static float[] pairDifferences(float[] scores, int block) {
        float[] result = new float[scores.length];
        for (int pair = 0; pair < scores.length / (2 * block); pair++) {
            int first = 2 * pair * block;
            int second = first + block;
            for (int i = 0; i < block; i++) {
                result[first + i] = scores[first + i] - scores[second + i];
                result[second + i] = scores[second + i] - scores[first + i];
            }
        }
        return result;
    }

    /** Sizes of the split of a fused row: box, score, landmark values. */
    static long[] splitSizes() {
        return new long[] {BOX, SCORE, LANDMARK};
    }
}
