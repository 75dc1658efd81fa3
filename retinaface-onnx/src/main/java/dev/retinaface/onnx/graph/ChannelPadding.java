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
 * Chooses convolutions whose output channels are padded with zero channels up to a multiple of an alignment.
 * ONNX Runtime's CPU convolutions work on channel blocks (16 floats with AVX-512): a tensor of 8 channels already
 * takes a whole block in that layout, but a pointwise convolution cannot read it in place and gets a reorder to
 * plain NCHW and a slower kernel (MobileNet-0.25's first three layers at half resolution: about a fifth of its
 * time). Padding changes no result: the extra channels have zero weights and bias, stay zero through the
 * activations (all map 0 to 0) and depthwise convolutions, and the convolutions that read them give them zero
 * weights.
 *
 * <p>A conv (groups 1) is padded only when every reader is a conv with groups 1 (which absorbs the zeros) or a
 * depthwise conv over the same channels whose own readers qualify in the same way (padded along).
 */
final class ChannelPadding {

    private ChannelPadding() {
    }

    /**
     * Padded output channel counts, by conv node (identity map); empty when {@code alignment <= 1}.
     *
     * @param alignment channel multiple to pad to, e.g. 16
     */
    static Map<Node, Integer> plan(Network network, int alignment) {
        Map<Node, Integer> padded = new IdentityHashMap<>();
        if (alignment <= 1) {
            return padded;
        }
        Map<Node, List<Node>> readers = new IdentityHashMap<>();
        for (Node n : network.nodes()) {
            n.inputs().forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n));
        }
        Set<Node> outputs = Collections.newSetFromMap(new IdentityHashMap<>());
        outputs.addAll(List.of(network.boxes(), network.scores(), network.landmarks()));
        for (Node n : network.nodes()) {
            if (n.layer() instanceof Layer.Conv c && c.groups() == 1 && c.outChannels() % alignment != 0) {
                List<Node> chain = new ArrayList<>(List.of(n));
                if (readersAbsorb(n, c.outChannels(), readers, outputs, chain)) {
                    int target = (c.outChannels() + alignment - 1) / alignment * alignment;
                    chain.forEach(node -> padded.put(node, target));
                }
            }
        }
        return padded;
    }

    /** Whether all readers of {@code node} (with {@code channels} channels) take zero channels; adds depthwise ones. */
    private static boolean readersAbsorb(Node node, int channels, Map<Node, List<Node>> readers, Set<Node> outputs,
                                         List<Node> chain) {
        List<Node> users = readers.getOrDefault(node, List.of());
        if (users.isEmpty() || outputs.contains(node)) {
            return false;
        }
        for (Node user : users) {
            if (!(user.layer() instanceof Layer.Conv c) || c.inChannels() != channels) {
                return false;
            }
            if (c.groups() == 1) {
                continue;
            }
            if (c.groups() != channels || c.outChannels() != channels) {
                return false;
            }
            chain.add(user);
            if (!readersAbsorb(user, channels, readers, outputs, chain)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A conv weight [out, in / groups, kh, kw] (or a bias, {@code block = 1}, {@code in = 1}) embedded in a larger
     * zero one: output channel o and input channel i keep their places.
     *
     * @param block values per (out, in) pair: {@code kh * kw}
     */
    static float[] embed(float[] values, int out, int in, int paddedOut, int paddedIn, int block) {
        float[] result = new float[paddedOut * paddedIn * block];
        for (int o = 0; o < out; o++) {
            System.arraycopy(values, o * in * block, result, o * paddedIn * block, in * block);
        }
        return result;
    }
}
