package dev.retinaface.model.arch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An architecture description: nodes in topological order and the three RetinaFace outputs,
 * each of shape (N, anchors, k): {@code boxes} k=4, {@code scores} k=2 (raw logits, class 1 = face),
 * {@code landmarks} k=10. One description serves every engine.
 */
public record Network(String name, List<Node> nodes, Node boxes, Node scores, Node landmarks) {

    public Network {
        nodes = List.copyOf(nodes);
    }

    /** The single input node. */
    public Node input() {
        return nodes.get(0);
    }

    /**
     * Every parameter tensor the architecture needs, by checkpoint key, with its shape, in node order.
     * Batch-norm {@code num_batches_tracked} counters are not listed: checkpoints may or may not hold them.
     */
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Node node : nodes) {
            if (node.layer() instanceof Layer.Conv conv) {
                shapes.put(conv.weight() + ".weight", conv.weightShape());
                if (conv.bias()) {
                    shapes.put(conv.weight() + ".bias", new long[] {conv.outChannels()});
                }
                if (conv.batchNorm() != null) {
                    for (String suffix : BATCH_NORM_TENSORS) {
                        shapes.put(conv.batchNorm() + suffix, new long[] {conv.outChannels()});
                    }
                }
            }
        }
        return Collections.unmodifiableMap(shapes);
    }

    /** Number of trainable values (batch-norm running statistics excluded, as PyTorch counts). */
    public long parameterCount() {
        long total = 0;
        for (Map.Entry<String, long[]> e : parameterShapes().entrySet()) {
            if (e.getKey().endsWith(".running_mean") || e.getKey().endsWith(".running_var")) {
                continue;
            }
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            total += n;
        }
        return total;
    }

    /** Suffixes of the tensors a PyTorch {@code BatchNorm2d} stores (besides {@code num_batches_tracked}). */
    public static final List<String> BATCH_NORM_TENSORS =
            List.of(".weight", ".bias", ".running_mean", ".running_var");
}
