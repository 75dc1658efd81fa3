package dev.retinaface.train.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OfflineEngineTest {

    @Test
    void pytorchStartsOfflineAndComputes() {
        Engine engine = OfflineEngine.start();
        assertEquals("PyTorch", engine.getEngineName());
        assertEquals(OfflineEngine.PYTORCH_VERSION, engine.getVersion());
        try (NDManager m = engine.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3});
            assertArrayEquals(new float[] {2, 4, 6}, a.mul(2).toFloatArray());
        }
    }
}
