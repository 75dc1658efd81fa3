package dev.retinaface.model.checkpoint;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads {@code checkpoint/torch2_layout.pth}, a zip checkpoint in PyTorch 2.x layout written by CPython's own
 * pickler ({@code make_zip_fixture.py} beside it): memo opcodes, {@code _rebuild_parameter}, an OrderedDict with
 * {@code _metadata} (BUILD), shared and strided storages, and half / bfloat16 / long / double element types.
 */
class ZipCheckpointReaderTest {

    @Test
    void readsCheckpointWrittenByAnIndependentPickler() throws Exception {
        Path file = Path.of(getClass().getResource("/checkpoint/torch2_layout.pth").toURI());

        Checkpoint ckpt = CheckpointReader.read(file);

        assertEquals(Checkpoint.Format.ZIP, ckpt.format());
        assertEquals("model", ckpt.stateDictPath());
        assertEquals(5, ((Number) ckpt.extras().get("epoch")).intValue());
        assertEquals(java.util.List.of("conv.weight", "conv.weight_t", "bn.running_var", "bn.bias",
                "bn.num_batches_tracked", "fc.weight"), java.util.List.copyOf(ckpt.stateDict().keySet()));

        assertArrayEquals(new long[] {2, 3}, ckpt.tensor("conv.weight").shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, ckpt.tensor("conv.weight").data());
        assertArrayEquals(new long[] {3, 2}, ckpt.tensor("conv.weight_t").shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, ckpt.tensor("conv.weight_t").data());
        assertArrayEquals(new float[] {1.0f, -2.5f, 65504.0f, 0x1p-24f}, ckpt.tensor("bn.running_var").data());
        assertArrayEquals(new float[] {1.5f, -0.15625f, 3.0f}, ckpt.tensor("bn.bias").data());
        assertArrayEquals(new long[0], ckpt.tensor("bn.num_batches_tracked").shape());
        assertArrayEquals(new float[] {42}, ckpt.tensor("bn.num_batches_tracked").data());
        assertArrayEquals(new float[] {2, 4}, ckpt.tensor("fc.weight").data());
    }

    @Test
    void halfPrecisionSpecialValues() {
        assertEquals(Float.POSITIVE_INFINITY, StorageType.halfToFloat((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, StorageType.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(StorageType.halfToFloat((short) 0x7e00)));
        assertEquals(-0.0f, StorageType.halfToFloat((short) 0x8000));
        assertEquals(-0x1p-24f, StorageType.halfToFloat((short) 0x8001));
        assertEquals(1023 * 0x1p-24f, StorageType.halfToFloat((short) 0x03ff)); // largest subnormal
        assertEquals(0x1p-14f, StorageType.halfToFloat((short) 0x0400));     // smallest normal
    }
}
