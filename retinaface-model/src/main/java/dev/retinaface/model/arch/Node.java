package dev.retinaface.model.arch;

import java.util.List;

/**
 * A node of an architecture graph: a layer applied to earlier nodes.
 *
 * @param id     position in creation order (a topological order)
 * @param name   unique readable name, used for tensor names in exported graphs
 * @param layer  the operation
 * @param inputs earlier nodes consumed, in order
 */
public record Node(int id, String name, Layer layer, List<Node> inputs) {
    public Node {
        inputs = List.copyOf(inputs);
    }

    @Override
    public String toString() {
        return name;
    }
}
