package dev.retinaface.onnx.quant;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueHistogramTest {

    /** 0..9999 / 1000 uniformly: the 99% percentile cuts 1% at each end (up to a bin). */
    @Test
    void percentileClipsBothEnds() {
        float[] v = new float[10000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 1000f - 5f;
        }
        ValueHistogram h = new ValueHistogram(new TensorRange(-5f, 4.999f));
        h.add(FloatBuffer.wrap(v));
        TensorRange r = h.percentile(99.0);
        assertEquals(-4.9, r.min(), 0.01);
        assertEquals(4.9, r.max(), 0.01);
        TensorRange all = h.percentile(100.0);
        assertEquals(-5f, all.min(), 1e-6);
        assertEquals(4.999f, all.max(), 1e-6);
    }

    /** A dense bulk plus a few far outliers: entropy clips the outliers but keeps the bulk. */
    @Test
    void entropyClipsRareOutliersAndKeepsTheBulk() {
        float[] v = new float[100_001];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < v.length - 1; i++) {
            v[i] = (float) (rnd.nextGaussian());
        }
        v[v.length - 1] = 100f;
        TensorRange seen = new TensorRange(-5f, 100f);
        ValueHistogram h = new ValueHistogram(seen);
        h.add(FloatBuffer.wrap(v));
        TensorRange r = h.entropy();
        assertTrue(r.max() < 50, "outlier clipped: " + r);
        assertTrue(r.max() > 2.5, "bulk kept: " + r);
        assertEquals(-5f, r.min(), 1e-6, "the lower end stays where it is within the threshold");
    }

    /** Uniform values: nothing to gain from clipping, so the threshold stays near the top. */
    @Test
    void entropyKeepsAUniformRange() {
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 2000) / 1000f;
        }
        ValueHistogram h = new ValueHistogram(new TensorRange(0f, 1.999f));
        h.add(FloatBuffer.wrap(v));
        assertTrue(h.entropy().max() > 1.8f, "uniform range kept: " + h.entropy());
    }
}
