package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Seeded random weights for any network: conv weights scaled by fan-in, positive running variances. */
public final class RandomWeights {

    private RandomWeights() {
    }

    public static Map<String, Tensor> forNetwork(Network network, long seed) {
        Random rnd = new Random(seed);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : network.parameterShapes().entrySet()) {
            long[] shape = e.getValue();
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            float[] v = new float[n];
            String key = e.getKey();
            double fanIn = shape.length == 4 ? shape[1] * shape[2] * shape[3] : 1;
            for (int i = 0; i < n; i++) {
                double g = rnd.nextGaussian();
                v[i] = (float) (key.endsWith(".running_var") ? 0.5 + rnd.nextDouble()
                        : shape.length == 4 ? g * 1.5 / Math.sqrt(fanIn)
                        : key.endsWith(".weight") ? 1 + 0.3 * g   // batch-norm gamma
                        : 0.3 * g);                               // biases, beta, running mean
            }
            weights.put(key, new Tensor(shape, v));
        }
        return weights;
    }

    public static float[] image(Random rnd, int n, int c, int h, int w) {
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 2);
        }
        return x;
    }
}
