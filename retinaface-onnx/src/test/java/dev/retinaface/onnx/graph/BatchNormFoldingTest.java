package dev.retinaface.onnx.graph;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class BatchNormFoldingTest {

    @Test
    void foldsScaleAndShiftPerOutputChannel() {
        // two output channels of two weights each; var + eps = 4 and 1 so the factors are g/2 and g/1
        float[] w = {1, 2, 3, 4};
        float[] bias = {1, -1};
        BatchNormFolding.Folded f = BatchNormFolding.fold(w, bias, new float[] {2, 3}, new float[] {0.5f, -0.5f},
                new float[] {3, 1}, new float[] {4 - 1e-5f, 1 - 1e-5f}, 1e-5);
        assertArrayEquals(new float[] {1, 2, 9, 12}, f.weight(), 1e-5f);
        // beta + (b - mean) * factor: 0.5 + (1 - 3) * 1 = -1.5 ; -0.5 + (-1 - 1) * 3 = -6.5
        assertArrayEquals(new float[] {-1.5f, -6.5f}, f.bias(), 1e-5f);
    }

    @Test
    void missingConvBiasCountsAsZero() {
        BatchNormFolding.Folded f = BatchNormFolding.fold(new float[] {1}, null, new float[] {1},
                new float[] {0}, new float[] {2}, new float[] {1}, 0);
        assertArrayEquals(new float[] {-2}, f.bias(), 1e-6f);
    }
}
