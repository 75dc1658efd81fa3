package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Layer;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.Node;
import dev.retinaface.model.checkpoint.Tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Straightforward double-precision evaluation of a {@link Network} for one image, with batch norm applied
 * as a separate step (not folded), following the PyTorch definitions of each layer. For tiny test sizes only.
 */
final class ReferenceInterpreter {

    /** A feature map (c, h, w) or an anchor table (1, anchors, k) stored as c=1, h=anchors, w=k. */
    record Map3(int c, int h, int w, double[] v) {
        Map3(int c, int h, int w) {
            this(c, h, w, new double[c * h * w]);
        }

        double at(int ch, int y, int x) {
            return v[(ch * h + y) * w + x];
        }
    }

    private final Network network;
    private final Map<String, Tensor> weights;

    ReferenceInterpreter(Network network, Map<String, Tensor> weights) {
        this.network = network;
        this.weights = weights;
    }

    /** Evaluates the network; returns boxes, scores (raw logits) and landmarks as (anchors, k) maps. */
    List<Map3> run(Map3 image) {
        Map<Node, Map3> values = new HashMap<>();
        for (Node node : network.nodes()) {
            List<Map3> in = node.inputs().stream().map(values::get).toList();
            values.put(node, eval(node.layer(), in, image));
        }
        return List.of(values.get(network.boxes()), values.get(network.scores()), values.get(network.landmarks()));
    }

    private Map3 eval(Layer layer, List<Map3> in, Map3 image) {
        if (layer instanceof Layer.Input) {
            return image;
        } else if (layer instanceof Layer.Conv conv) {
            return activate(batchNorm(conv, convolve(conv, in.get(0))), conv.activation());
        } else if (layer instanceof Layer.Activate a) {
            return activate(in.get(0), a.activation());
        } else if (layer instanceof Layer.Add) {
            Map3 out = new Map3(in.get(0).c, in.get(0).h, in.get(0).w);
            for (int i = 0; i < out.v.length; i++) {
                out.v[i] = in.get(0).v[i] + in.get(1).v[i];
            }
            return out;
        } else if (layer instanceof Layer.Scale s) {
            Map3 out = new Map3(in.get(0).c, in.get(0).h, in.get(0).w);
            for (int i = 0; i < out.v.length; i++) {
                out.v[i] = in.get(0).v[i] * s.factor();
            }
            return out;
        } else if (layer instanceof Layer.ConcatChannels) {
            int c = in.stream().mapToInt(Map3::c).sum();
            return concat(in, new Map3(c, in.get(0).h, in.get(0).w));
        } else if (layer instanceof Layer.ConcatAnchors) {
            int a = in.stream().mapToInt(Map3::h).sum();
            return concat(in, new Map3(1, a, in.get(0).w));
        } else if (layer instanceof Layer.MaxPool p) {
            return maxPool(p, in.get(0));
        } else if (layer instanceof Layer.UpsampleNearestLike) {
            return upsample(in.get(0), in.get(1).h, in.get(1).w);
        } else if (layer instanceof Layer.HeadReshape r) {
            return headReshape(in.get(0), r.valuesPerAnchor());
        }
        throw new IllegalArgumentException(layer.toString());
    }

    private double[] tensor(String key) {
        float[] f = weights.get(key).data();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private Map3 convolve(Layer.Conv c, Map3 x) {
        int oh = (x.h + 2 * c.padH() - c.dilation() * (c.kernelH() - 1) - 1) / c.stride() + 1;
        int ow = (x.w + 2 * c.padW() - c.dilation() * (c.kernelW() - 1) - 1) / c.stride() + 1;
        double[] w = tensor(c.weight() + ".weight");
        double[] b = c.bias() ? tensor(c.weight() + ".bias") : null;
        int inPerGroup = c.inChannels() / c.groups();
        int outPerGroup = c.outChannels() / c.groups();
        Map3 out = new Map3(c.outChannels(), oh, ow);
        for (int o = 0; o < c.outChannels(); o++) {
            int group = o / outPerGroup;
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double sum = b == null ? 0 : b[o];
                    for (int i = 0; i < inPerGroup; i++) {
                        int ch = group * inPerGroup + i;
                        for (int ky = 0; ky < c.kernelH(); ky++) {
                            int sy = y * c.stride() - c.padH() + ky * c.dilation();
                            for (int kx = 0; kx < c.kernelW(); kx++) {
                                int sx = xx * c.stride() - c.padW() + kx * c.dilation();
                                if (sy >= 0 && sy < x.h && sx >= 0 && sx < x.w) {
                                    sum += w[((o * inPerGroup + i) * c.kernelH() + ky) * c.kernelW() + kx]
                                            * x.at(ch, sy, sx);
                                }
                            }
                        }
                    }
                    out.v[(o * oh + y) * ow + xx] = sum;
                }
            }
        }
        return out;
    }

    private Map3 batchNorm(Layer.Conv c, Map3 x) {
        if (c.batchNorm() == null) {
            return x;
        }
        double[] g = tensor(c.batchNorm() + ".weight");
        double[] beta = tensor(c.batchNorm() + ".bias");
        double[] mean = tensor(c.batchNorm() + ".running_mean");
        double[] var = tensor(c.batchNorm() + ".running_var");
        Map3 out = new Map3(x.c, x.h, x.w);
        int plane = x.h * x.w;
        for (int i = 0; i < x.v.length; i++) {
            int ch = i / plane;
            out.v[i] = (x.v[i] - mean[ch]) / Math.sqrt(var[ch] + 1e-5) * g[ch] + beta[ch];
        }
        return out;
    }

    private static Map3 activate(Map3 x, Activation a) {
        Map3 out = new Map3(x.c, x.h, x.w);
        for (int i = 0; i < x.v.length; i++) {
            double v = x.v[i];
            out.v[i] = switch (a.kind()) {
                case NONE -> v;
                case RELU -> Math.max(0, v);
                case LEAKY_RELU -> v >= 0 ? v : v * a.slope();
            };
        }
        return out;
    }

    private static Map3 concat(List<Map3> in, Map3 out) {
        int pos = 0;
        for (Map3 m : in) {
            System.arraycopy(m.v, 0, out.v, pos, m.v.length);
            pos += m.v.length;
        }
        return out;
    }

    private static Map3 maxPool(Layer.MaxPool p, Map3 x) {
        int oh = (x.h + 2 * p.padding() - p.kernel()) / p.stride() + 1;
        int ow = (x.w + 2 * p.padding() - p.kernel()) / p.stride() + 1;
        Map3 out = new Map3(x.c, oh, ow);
        for (int c = 0; c < x.c; c++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < p.kernel(); ky++) {
                        for (int kx = 0; kx < p.kernel(); kx++) {
                            int sy = y * p.stride() - p.padding() + ky;
                            int sx = xx * p.stride() - p.padding() + kx;
                            if (sy >= 0 && sy < x.h && sx >= 0 && sx < x.w) {
                                m = Math.max(m, x.at(c, sy, sx));
                            }
                        }
                    }
                    out.v[(c * oh + y) * ow + xx] = m;
                }
            }
        }
        return out;
    }

    /** PyTorch nearest with an output size: source = floor(dst * in / out), exact in integers. */
    private static Map3 upsample(Map3 x, int oh, int ow) {
        Map3 out = new Map3(x.c, oh, ow);
        for (int c = 0; c < x.c; c++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    out.v[(c * oh + y) * ow + xx] = x.at(c, y * x.h / oh, xx * x.w / ow);
                }
            }
        }
        return out;
    }

    private static Map3 headReshape(Map3 x, int k) {
        int anchorsPerCell = x.c / k;
        Map3 out = new Map3(1, x.h * x.w * anchorsPerCell, k);
        int i = 0;
        for (int y = 0; y < x.h; y++) {
            for (int xx = 0; xx < x.w; xx++) {
                for (int c = 0; c < x.c; c++) {
                    out.v[i++] = x.at(c, y, xx);
                }
            }
        }
        return out;
    }
}
