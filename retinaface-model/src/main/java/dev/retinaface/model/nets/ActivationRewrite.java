package dev.retinaface.model.nets;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Copies a network with its activations replaced; layers, names and checkpoint keys stay the same. */
final class ActivationRewrite {

    private ActivationRewrite() {
    }

    /** The same graph under a new name, every activation (of convolutions and standalone ones) mapped. */
    static Network replace(Network network, String name, UnaryOperator<Activation> map) {
        List<Node> copies = new ArrayList<>(network.nodes().size());
        for (Node node : network.nodes()) {
            List<Node> inputs = node.inputs().stream().map(in -> copies.get(in.id())).toList();
            copies.add(new Node(node.id(), node.name(), rewrite(node.layer(), map), inputs));
        }
        return new Network(name, copies, copies.get(network.boxes().id()), copies.get(network.scores().id()),
                copies.get(network.landmarks().id()));
    }

    private static Layer rewrite(Layer layer, UnaryOperator<Activation> map) {
        if (layer instanceof Layer.Conv c) {
            return new Layer.Conv(c.weight(), c.batchNorm(), c.inChannels(), c.outChannels(), c.kernelH(),
                    c.kernelW(), c.stride(), c.padH(), c.padW(), c.dilation(), c.groups(), c.bias(),
                    map.apply(c.activation()));
        }
        if (layer instanceof Layer.Activate a) {
            return new Layer.Activate(map.apply(a.activation()));
        }
        return layer;
    }
}
