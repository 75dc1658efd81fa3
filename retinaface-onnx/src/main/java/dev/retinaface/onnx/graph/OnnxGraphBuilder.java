package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.Node;
import dev.retinaface.model.arch.ShapeInference;
import dev.retinaface.model.checkpoint.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a {@link Network} and its weights into an ONNX model: input {@code input} float [N, C, H, W]
 * (N, H, W symbolic), outputs {@code boxes} [N, A, 4], {@code scores} [N, A, 2] and {@code landmarks}
 * [N, A, 10]. Batch norms are folded into the preceding convolutions. Opset {@value #OPSET}.
 *
 * <p>With {@link OnnxExportConfig#inputSize()} set the graph is static instead: N = 1, H and W and the anchor
 * count A are numbers, the FPN upsampling has constant target sizes (no {@code Shape} nodes) and the fused heads
 * are cut apart with constant {@code Slice}s rather than a {@code Split}: what OpenCV DNN 4.6 and 4.9 load.
 */
public final class OnnxGraphBuilder {

    /** Default-domain operator set the graph uses (Shape with start/end needs 15+). */
    public static final int OPSET = 17;
    /** IR version matching {@link #OPSET}. */
    public static final int IR_VERSION = 8;

    public static final String INPUT = "input";
    public static final String BOXES = "boxes";
    public static final String SCORES = "scores";
    public static final String LANDMARKS = "landmarks";

    private final OnnxExportConfig config;

    public OnnxGraphBuilder(OnnxExportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public OnnxGraphBuilder() {
        this(OnnxExportConfig.defaults());
    }

    /**
     * Builds the serialised ONNX {@code ModelProto}.
     *
     * @throws InvalidWeightsException when the weights do not match {@link Network#parameterShapes()}
     */
    public byte[] build(Network network, Map<String, Tensor> weights) {
        return OnnxProtoEncoder.encodeModel(buildGraph(network, weights), IR_VERSION, OPSET,
                "retinaface-java", "0.1");
    }

    /** Builds the graph in memory (validated weights, folded batch norms). */
    public OnnxGraphSpec buildGraph(Network network, Map<String, Tensor> weights) {
        WeightValidator.validate(network, weights);
        return new Emitter(network, weights).emit();
    }

    /** One graph emission: collects nodes and initializers while walking the network. */
    private final class Emitter {
        private final Network network;
        private final Map<String, Tensor> weights;
        private final List<OnnxNodeSpec> nodes = new ArrayList<>();
        private final List<OnnxInitializer> initializers = new ArrayList<>();
        private final Map<Node, String> tensorOf = new HashMap<>();
        private final Set<String> names = new HashSet<>();
        private final Map<Integer, String> headShapes = new HashMap<>();
        // activation nodes folded into the convs feeding their concat, and those convs' new activation
        // (identity maps: Node is a record whose hash walks its whole input graph)
        private final Map<Node, Node> absorbedActivations = new IdentityHashMap<>();
        private final Map<Node, Activation> pushedActivations = new IdentityHashMap<>();
        private HeadFusion.Plan fusion = HeadFusion.Plan.NONE;
        private Map<Node, Integer> paddedChannels = Map.of();
        private final Set<HeadFusion.Level> emittedLevels = Collections.newSetFromMap(new IdentityHashMap<>());
        // (N, -1, 16) rows of each fused level, by level index, when all levels are fused
        private final Map<Integer, String> fusedRows = new HashMap<>();
        // [c, h, w] of every node by id for a static graph, null for a dynamic one
        private final long[][] staticShapes;

        Emitter(Network network, Map<String, Tensor> weights) {
            this.network = network;
            this.weights = weights;
            InputSize size = config.inputSize();
            this.staticShapes = size == null ? null : ShapeInference.shapes(network, size.height(), size.width());
        }

        OnnxGraphSpec emit() {
            Layer.Input inputLayer = inputLayer();
            findActivationsToPushDown();
            paddedChannels = ChannelPadding.plan(network, config.channelAlignment());
            if (config.fuseHeads()) {
                fusion = HeadFusion.find(network);
            }
            for (Node node : network.nodes()) {
                Node concat = absorbedActivations.get(node);
                if (concat != null) {
                    tensorOf.put(node, tensorOf.get(concat)); // its branches are activated already
                    continue;
                }
                HeadFusion.Level level = fusion.levelOf(node);
                if (level != null) {
                    if (emittedLevels.add(level)) {
                        emitFusedLevel(level);
                    }
                    continue;
                }
                if (fusion.allLevels() && isOutput(node)) {
                    continue; // emitted below from the fused rows
                }
                String out = claim(outputName(node));
                tensorOf.put(node, out);
                emitNode(node, out);
            }
            if (fusion.allLevels()) {
                emitFusedOutputs();
            }
            String scores = tensorOf.get(network.scores());
            if (config.softmaxScores() && scoresAsDifferences()) {
                add("Sigmoid", SCORES + "/sigmoid", List.of(scores), List.of(claim(SCORES)));
            } else if (config.softmaxScores()) {
                add("Softmax", SCORES + "/softmax", List.of(scores), List.of(claim(SCORES)), OnnxAttribute.of("axis", -1L));
            }
            List<OnnxValueInfo> outputs = List.of(
                    anchorOutput(BOXES, 4), anchorOutput(SCORES, 2), anchorOutput(LANDMARKS, 10));
            OnnxValueInfo input = new OnnxValueInfo(INPUT, OnnxInitializer.FLOAT, List.of(
                    batchDim(), OnnxValueInfo.Dim.of(inputLayer.channels()),
                    staticShapes == null ? OnnxValueInfo.Dim.named("H") : OnnxValueInfo.Dim.of(config.inputSize().height()),
                    staticShapes == null ? OnnxValueInfo.Dim.named("W") : OnnxValueInfo.Dim.of(config.inputSize().width())));
            return new OnnxGraphSpec(network.name(), nodes, initializers, List.of(input), outputs);
        }

        /**
         * An activation of a channel concat whose inputs are all unactivated convs (the SSH module: three branches,
         * concat, ReLU) is applied to each conv instead, where ONNX Runtime fuses it into the conv; the separate pass
         * over the concatenated tensor goes away. Exact: the activation is element-wise and the concat only copies.
         * Only done when each conv and the concat feed nothing else and none of them is a network output.
         */
        private void findActivationsToPushDown() {
            Map<Node, Integer> uses = new IdentityHashMap<>();
            for (Node n : network.nodes()) {
                for (Node in : n.inputs()) {
                    uses.merge(in, 1, Integer::sum);
                }
            }
            Set<Node> outputs = Collections.newSetFromMap(new IdentityHashMap<>());
            outputs.addAll(List.of(network.boxes(), network.scores(), network.landmarks()));
            for (Node n : network.nodes()) {
                if (!(n.layer() instanceof Layer.Activate act) || outputs.contains(n)) {
                    continue;
                }
                Node concat = n.inputs().get(0);
                if (!(concat.layer() instanceof Layer.ConcatChannels) || uses.get(concat) != 1
                        || outputs.contains(concat)) {
                    continue;
                }
                boolean branchesQualify = concat.inputs().stream().allMatch(branch ->
                        branch.layer() instanceof Layer.Conv conv
                                && conv.activation().kind() == Activation.Kind.NONE
                                && uses.get(branch) == 1 && !outputs.contains(branch));
                Set<Node> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
                distinct.addAll(concat.inputs());
                if (branchesQualify && distinct.size() == concat.inputs().size()) {
                    concat.inputs().forEach(branch -> pushedActivations.put(branch, act.activation()));
                    absorbedActivations.put(n, concat);
                }
            }
        }

        /**
         * With every level fused and probabilities asked for, the score convolutions compute (l0 - l1, l1 - l0)
         * (the conv is linear: the weight rows are subtracted) and a Sigmoid gives the two-class softmax:
         * sigmoid(l0 - l1) = e^l0 / (e^l0 + e^l1). An element-wise Sigmoid costs a fraction of a Softmax over pairs.
         */
        private boolean scoresAsDifferences() {
            return config.softmaxScores() && fusion.allLevels();
        }

        private boolean isOutput(Node node) {
            return node == network.boxes() || node == network.scores() || node == network.landmarks();
        }

        /**
         * One convolution for a level's three heads, then NHWC and rows of 16 values per anchor. When every level
         * is fused the rows wait for {@link #emitFusedOutputs()}; otherwise they are split at once into the three
         * heads' tensors, which the output concats read as usual.
         */
        private void emitFusedLevel(HeadFusion.Level level) {
            String name = "fused_heads." + level.index();
            List<float[]> w = new ArrayList<>();
            List<float[]> b = new ArrayList<>();
            for (Node conv : level.convs()) {
                BatchNormFolding.Folded p = convParameters((Layer.Conv) conv.layer());
                w.add(p.weight());
                b.add(p.bias());
            }
            Layer.Conv geometry = level.geometry();
            int block = geometry.inChannels() * geometry.kernelH() * geometry.kernelW();
            if (scoresAsDifferences()) {
                w.set(1, HeadFusion.pairDifferences(w.get(1), block));
                b.set(1, b.get(1) == null ? null : HeadFusion.pairDifferences(b.get(1), 1));
            }
            float[] bias = b.stream().allMatch(Objects::isNull) ? null : HeadFusion.interleave(b, level.anchors(), 1);
            float[] weight = HeadFusion.interleave(w, level.anchors(), block);
            long[] shape = level.fusedWeightShape();
            int in = paddedChannels.getOrDefault(level.feature(), geometry.inChannels());
            if (in != geometry.inChannels()) { // the feature has zero channels (ChannelPadding)
                weight = ChannelPadding.embed(weight, (int) shape[0], geometry.inChannels(), (int) shape[0], in,
                        geometry.kernelH() * geometry.kernelW());
                shape[1] = in;
            }
            String convOut = claim(name);
            emitConvOp(name, geometry, shape, 1, weight, bias, geometry.activation(), tensorOf.get(level.feature()),
                    convOut);
            String nhwc = claim(name + "/nhwc");
            String rows = claim(name + "/rows");
            add("Transpose", name + "/transpose", List.of(convOut), List.of(nhwc), OnnxAttribute.ints("perm", 0, 2, 3, 1));
            add("Reshape", name + "/reshape", List.of(nhwc, headShape(HeadFusion.PER_ANCHOR)), List.of(rows));
            if (fusion.allLevels()) {
                fusedRows.put(level.index(), rows);
                return;
            }
            List<String> parts = level.heads().stream().map(head -> claim(outputName(head))).toList();
            for (int h = 0; h < parts.size(); h++) {
                tensorOf.put(level.heads().get(h), parts.get(h));
            }
            emitSplit(name + "/split", rows, parts);
        }

        /** All levels fused: concatenate their rows (level order, as the output concats) and split once. */
        private void emitFusedOutputs() {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < fusion.levels().size(); i++) {
                rows.add(fusedRows.get(i));
            }
            String all = rows.get(0);
            if (rows.size() > 1) {
                all = claim("fused_heads/concat");
                add("Concat", all, rows, List.of(all), OnnxAttribute.of("axis", 1L));
            }
            List<Node> outputs = List.of(network.boxes(), network.scores(), network.landmarks());
            List<String> parts = outputs.stream().map(o -> claim(outputName(o))).toList();
            for (int h = 0; h < parts.size(); h++) {
                tensorOf.put(outputs.get(h), parts.get(h));
            }
            emitSplit("fused_heads/split", all, parts);
        }

        /**
         * Splits rows of 16 values per anchor into the box, score and landmark parts (last axis). A dynamic graph
         * uses one Split; a static one uses a Slice per part, with constant bounds, because some runtimes (OpenCV
         * DNN 4.6) read a Split's sizes input as equal parts.
         */
        private void emitSplit(String name, String rows, List<String> parts) {
            if (staticShapes == null) {
                add("Split", name, List.of(rows, splitSizes()), parts, OnnxAttribute.of("axis", 2L));
                return;
            }
            long[] sizes = HeadFusion.splitSizes();
            long start = 0;
            for (int p = 0; p < parts.size(); p++) {
                String bounds = name + "/" + p;
                String starts = initializer(OnnxInitializer.longs(bounds + "/starts", start));
                String ends = initializer(OnnxInitializer.longs(bounds + "/ends", start + sizes[p]));
                String axes = constantAxes();
                add("Slice", bounds, List.of(rows, starts, ends, axes), List.of(parts.get(p)));
                start += sizes[p];
            }
        }

        private String constantAxes() {
            if (!names.contains("fused_heads/slice_axes")) {
                initializer(OnnxInitializer.longs("fused_heads/slice_axes", 2));
            }
            return "fused_heads/slice_axes";
        }

        private String splitSizes() {
            if (!names.contains("fused_heads/split_sizes")) {
                initializer(OnnxInitializer.longs("fused_heads/split_sizes", HeadFusion.splitSizes()));
            }
            return "fused_heads/split_sizes";
        }

        private Layer.Input inputLayer() {
            if (!(network.input().layer() instanceof Layer.Input in)) {
                throw new IllegalArgumentException("network " + network.name() + " does not start with an input");
            }
            for (Node n : network.nodes().subList(1, network.nodes().size())) {
                if (n.layer() instanceof Layer.Input) {
                    throw new IllegalArgumentException("network " + network.name() + " has more than one input");
                }
            }
            return in;
        }

        /** Graph tensor name for a node's result: the node name, or the fixed names of inputs and outputs. */
        private String outputName(Node node) {
            if (node.layer() instanceof Layer.Input) {
                return INPUT;
            } else if (node == network.boxes()) {
                return BOXES;
            } else if (node == network.landmarks()) {
                return LANDMARKS;
            } else if (node == network.scores()) {
                return config.softmaxScores() ? SCORES + "/logits" : SCORES;
            }
            return node.name();
        }

        private OnnxValueInfo anchorOutput(String name, int k) {
            OnnxValueInfo.Dim anchors = staticShapes == null ? OnnxValueInfo.Dim.named("anchors")
                    : OnnxValueInfo.Dim.of(staticShapes[network.scores().id()][0]);
            return new OnnxValueInfo(name, OnnxInitializer.FLOAT, List.of(batchDim(), anchors, OnnxValueInfo.Dim.of(k)));
        }

        private OnnxValueInfo.Dim batchDim() {
            return staticShapes == null ? OnnxValueInfo.Dim.named("N") : OnnxValueInfo.Dim.of(1);
        }

        private void emitNode(Node node, String out) {
            List<String> in = node.inputs().stream().map(tensorOf::get).toList();
            Layer layer = node.layer();
            String name = node.name();
            if (layer instanceof Layer.Input) {
                return;
            } else if (layer instanceof Layer.Conv conv) {
                emitConv(node, conv, pushedActivations.getOrDefault(node, conv.activation()), in.get(0), out);
            } else if (layer instanceof Layer.Activate act) {
                emitActivation(name, act.activation(), in.get(0), out);
            } else if (layer instanceof Layer.Add) {
                add("Add", name, in, List.of(out));
            } else if (layer instanceof Layer.Scale scale) {
                String factor = initializer(OnnxInitializer.floats(name + "/factor", new long[0],
                        new float[] {scale.factor()}));
                add("Mul", name, List.of(in.get(0), factor), List.of(out));
            } else if (layer instanceof Layer.ConcatChannels || layer instanceof Layer.ConcatAnchors) {
                add("Concat", name, in, List.of(out), OnnxAttribute.of("axis", 1L));
            } else if (layer instanceof Layer.MaxPool pool) {
                add("MaxPool", name, in, List.of(out),
                        OnnxAttribute.ints("kernel_shape", pool.kernel(), pool.kernel()),
                        OnnxAttribute.ints("strides", pool.stride(), pool.stride()),
                        OnnxAttribute.ints("pads", pool.padding(), pool.padding(), pool.padding(), pool.padding()),
                        OnnxAttribute.of("ceil_mode", 0L));
            } else if (layer instanceof Layer.UpsampleNearestLike && staticShapes != null) {
                emitStaticResize(node, in.get(0), out);
            } else if (layer instanceof Layer.UpsampleNearestLike) {
                emitResizeLike(name, in.get(0), in.get(1), out);
            } else if (layer instanceof Layer.HeadReshape head) {
                String nhwc = claim(name + "/nhwc");
                add("Transpose", name + "/transpose", in, List.of(nhwc), OnnxAttribute.ints("perm", 0, 2, 3, 1));
                add("Reshape", name, List.of(nhwc, headShape(head.valuesPerAnchor())), List.of(out));
            } else {
                throw new IllegalArgumentException("no ONNX form for layer " + layer + " of node " + name);
            }
        }

        private void emitConv(Node node, Layer.Conv conv, Activation activation, String in, String out) {
            BatchNormFolding.Folded p = convParameters(conv);
            int inChannels = paddedChannels.getOrDefault(node.inputs().get(0), conv.inChannels());
            int outChannels = paddedChannels.getOrDefault(node, conv.outChannels());
            if (inChannels == conv.inChannels() && outChannels == conv.outChannels()) {
                emitConvOp(node.name(), conv, conv.weightShape(), conv.groups(), p.weight(), p.bias(), activation, in,
                        out);
                return;
            }
            // zero channels (see ChannelPadding): groups 1, or depthwise over the padded channels
            boolean depthwise = conv.groups() > 1;
            int perGroupIn = conv.inChannels() / conv.groups();
            int paddedPerGroupIn = depthwise ? 1 : inChannels;
            int block = conv.kernelH() * conv.kernelW();
            float[] w = ChannelPadding.embed(p.weight(), conv.outChannels(), perGroupIn, outChannels,
                    paddedPerGroupIn, block);
            float[] b = p.bias() == null ? null : ChannelPadding.embed(p.bias(), conv.outChannels(), 1, outChannels, 1, 1);
            emitConvOp(node.name(), conv, new long[] {outChannels, paddedPerGroupIn, conv.kernelH(), conv.kernelW()},
                    depthwise ? outChannels : 1, w, b, activation, in, out);
        }

        /** A convolution's weight and bias (null when it has none) with its batch norm folded in. */
        private BatchNormFolding.Folded convParameters(Layer.Conv conv) {
            float[] w = weights.get(conv.weight() + ".weight").data();
            float[] b = conv.bias() ? weights.get(conv.weight() + ".bias").data() : null;
            if (conv.batchNorm() == null) {
                return new BatchNormFolding.Folded(w, b);
            }
            String bn = conv.batchNorm();
            return BatchNormFolding.fold(w, b, data(bn + ".weight"), data(bn + ".bias"),
                    data(bn + ".running_mean"), data(bn + ".running_var"), Layer.Conv.BN_EPS);
        }

        /** A Conv node (plus its activation) with the kernel, stride, padding and dilation of {@code conv}. */
        private void emitConvOp(String name, Layer.Conv conv, long[] weightShape, int groups, float[] w, float[] b,
                                Activation activation, String in, String out) {
            List<String> inputs = new ArrayList<>();
            inputs.add(in);
            inputs.add(initializer(OnnxInitializer.floats(name + "/W", weightShape, w)));
            if (b != null) {
                inputs.add(initializer(OnnxInitializer.floats(name + "/B", new long[] {weightShape[0]}, b)));
            }
            boolean activated = activation.kind() != Activation.Kind.NONE;
            String convOut = activated ? claim(name + "/conv") : out;
            add("Conv", name + (activated ? "/conv" : ""), inputs, List.of(convOut),
                    OnnxAttribute.ints("kernel_shape", conv.kernelH(), conv.kernelW()),
                    OnnxAttribute.ints("strides", conv.stride(), conv.stride()),
                    OnnxAttribute.ints("pads", conv.padH(), conv.padW(), conv.padH(), conv.padW()),
                    OnnxAttribute.ints("dilations", conv.dilation(), conv.dilation()),
                    OnnxAttribute.of("group", (long) groups));
            if (activated) {
                emitActivation(name, activation, convOut, out);
            }
        }

        private void emitActivation(String name, Activation act, String in, String out) {
            switch (act.kind()) {
                case NONE -> add("Identity", name, List.of(in), List.of(out));
                case RELU -> add("Relu", name, List.of(in), List.of(out));
                case LEAKY_RELU -> add("LeakyRelu", name, List.of(in), List.of(out),
                        OnnxAttribute.of("alpha", act.slope()));
            }
        }

        /**
         * PyTorch {@code F.interpolate(x, size=like.shape[2:], mode="nearest")}: source index
         * floor(dst * in / out), i.e. ONNX Resize asymmetric + floor. The target sizes keep x's own N and C
         * (the two tensors may differ in channels) and take H, W from {@code like}.
         */
        private void emitResizeLike(String name, String x, String like, String out) {
            String nc = claim(name + "/nc");
            String hw = claim(name + "/hw");
            String sizes = claim(name + "/sizes");
            add("Shape", name + "/shape_x", List.of(x), List.of(nc),
                    OnnxAttribute.of("start", 0L), OnnxAttribute.of("end", 2L));
            add("Shape", name + "/shape_like", List.of(like), List.of(hw), OnnxAttribute.of("start", 2L));
            add("Concat", name + "/sizes", List.of(nc, hw), List.of(sizes), OnnxAttribute.of("axis", 0L));
            add("Resize", name, List.of(x, "", "", sizes), List.of(out),
                    OnnxAttribute.of("mode", "nearest"),
                    OnnxAttribute.of("coordinate_transformation_mode", "asymmetric"),
                    OnnxAttribute.of("nearest_mode", "floor"));
        }

        /**
         * The static form of {@link #emitResizeLike}: the same Resize, with the target sizes [1, C, H, W] a constant
         * (C of the upsampled tensor, H and W of the tensor it is sized like, from {@link ShapeInference}).
         */
        private void emitStaticResize(Node node, String x, String out) {
            Node xNode = node.inputs().get(0);
            long[] like = staticShapes[node.inputs().get(1).id()];
            long channels = paddedChannels.getOrDefault(xNode, (int) staticShapes[xNode.id()][0]);
            String sizes = initializer(OnnxInitializer.longs(node.name() + "/sizes", 1, channels, like[1], like[2]));
            add("Resize", node.name(), List.of(x, "", "", sizes), List.of(out),
                    OnnxAttribute.of("mode", "nearest"),
                    OnnxAttribute.of("coordinate_transformation_mode", "asymmetric"),
                    OnnxAttribute.of("nearest_mode", "floor"));
        }

        /** Shared shape constant [0, -1, k] (0 keeps the batch dimension). */
        private String headShape(int k) {
            return headShapes.computeIfAbsent(k,
                    key -> initializer(OnnxInitializer.longs("head_shape_" + key, 0, -1, key)));
        }

        private float[] data(String key) {
            return weights.get(key).data();
        }

        private String initializer(OnnxInitializer init) {
            claim(init.name());
            initializers.add(init);
            return init.name();
        }

        private void add(String op, String name, List<String> in, List<String> out, OnnxAttribute... attrs) {
            nodes.add(new OnnxNodeSpec(op, name, in, out, List.of(attrs)));
        }

        /** Registers a tensor name, refusing clashes (node names are free text in the architecture IR). */
        private String claim(String tensorName) {
            if (!names.add(tensorName)) {
                throw new IllegalArgumentException("tensor name " + tensorName + " used twice in network "
                        + network.name() + "; rename the node");
            }
            return tensorName;
        }
    }
}
