package dev.retinaface.train.net;

import dev.retinaface.model.checkpoint.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain-Java evaluation of the tiny test network of {@link RetinaFaceBlockTest}, written straight from the layer definitions. */
final class PlainNet {

    private PlainNet() {
    }

    static float[][][] chw(float[] x, int c, int h, int w) {
        float[][][] out = new float[c][h][w];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    out[k][i][j] = x[(k * h + i) * w + j];
                }
            }
        }
        return out;
    }

    static float[] evaluate(Map<String, Tensor> w, float[][][] x) {
        float[][][] conv = conv(x, w.get("c.weight"), null, 3, 1, 2, 2, 2);
        for (int c = 0; c < conv.length; c++) {
            float g = w.get("bn.weight").data()[c], b = w.get("bn.bias").data()[c];
            float m = w.get("bn.running_mean").data()[c], v = w.get("bn.running_var").data()[c];
            for (float[] row : conv[c]) {
                for (int j = 0; j < row.length; j++) {
                    float y = (float) ((row[j] - m) / Math.sqrt(v + 1e-5) * g + b);
                    row[j] = y >= 0 ? y : 0.1f * y;
                }
            }
        }
        float[][][] pool = maxPool(conv, 3, 2, 1);
        int h = conv[0].length, wd = conv[0][0].length;
        float[][][] cat = new float[8][h][wd];
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < wd; j++) {
                    int si = (int) Math.floor(i * (double) pool[0].length / h);
                    int sj = (int) Math.floor(j * (double) pool[0][0].length / wd);
                    cat[c][i][j] = Math.max(0f, (conv[c][i][j] + pool[c][si][sj]) * 0.5f);
                    cat[c + 4][i][j] = Math.max(0f, conv[c][i][j]);
                }
            }
        }
        List<Float> out = new ArrayList<>();
        reshape(conv(cat, w.get("h.weight"), w.get("h.bias"), 1, 1, 0, 1, 1), out);
        reshape(conv(pool, w.get("h2.weight"), w.get("h2.bias"), 1, 1, 0, 1, 1), out);
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }

    /** NCHW to NHWC order, flattened. */
    private static void reshape(float[][][] x, List<Float> out) {
        for (int i = 0; i < x[0].length; i++) {
            for (int j = 0; j < x[0][0].length; j++) {
                for (float[][] channel : x) {
                    out.add(channel[i][j]);
                }
            }
        }
    }

    static float[][][] conv(float[][][] x, Tensor weight, Tensor bias, int k, int stride, int pad, int dil, int groups) {
        int inC = x.length, h = x[0].length, w = x[0][0].length;
        int outC = (int) weight.shape()[0], perGroupIn = inC / groups, perGroupOut = outC / groups;
        int oh = (h + 2 * pad - dil * (k - 1) - 1) / stride + 1, ow = (w + 2 * pad - dil * (k - 1) - 1) / stride + 1;
        float[][][] y = new float[outC][oh][ow];
        for (int o = 0; o < outC; o++) {
            int g = o / perGroupOut;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = bias == null ? 0 : bias.data()[o];
                    for (int c = 0; c < perGroupIn; c++) {
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int yi = i * stride - pad + u * dil, xj = j * stride - pad + v * dil;
                                if (yi >= 0 && yi < h && xj >= 0 && xj < w) {
                                    s += weight.data()[((o * perGroupIn + c) * k + u) * k + v] * x[g * perGroupIn + c][yi][xj];
                                }
                            }
                        }
                    }
                    y[o][i][j] = (float) s;
                }
            }
        }
        return y;
    }

    static float[][][] maxPool(float[][][] x, int k, int stride, int pad) {
        int h = x[0].length, w = x[0][0].length;
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        float[][][] y = new float[x.length][oh][ow];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int yi = i * stride - pad + u, xj = j * stride - pad + v;
                            if (yi >= 0 && yi < h && xj >= 0 && xj < w) {
                                m = Math.max(m, x[c][yi][xj]);
                            }
                        }
                    }
                    y[c][i][j] = m;
                }
            }
        }
        return y;
    }
}
