package dev.retinaface.model.checkpoint;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorDigestTest {

    @TempDir
    Path tmp;

    /**
     * Expected value from an independent Python implementation of the documented layout (hashlib + struct):
     * strip "module.", drop num_batches_tracked, sort by UTF-8, key + NUL + rank + dims (int64 LE) + float32 LE.
     */
    @Test
    void matchesTheDocumentedLayoutOnATinyStateDict() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("module.b.weight", new Tensor(new long[] {2, 1}, new float[] {1.5f, -2.0f}));
        sd.put("a.bias", new Tensor(new long[0], new float[] {0.25f}));
        sd.put("bn.num_batches_tracked", new Tensor(new long[0], new float[] {7}));
        sd.put("c", new Tensor(new long[] {3}, new float[] {1e-3f, Float.POSITIVE_INFINITY, -0.0f}));

        assertEquals("8a58c0f26f25da18e6ac089420482ab5ebadcf127d63cfa1695905d6386e1d8d", TensorDigest.of(sd));
    }

    @Test
    void ignoresEntryOrderModulePrefixAndBatchCounters() {
        Map<String, Tensor> sd = tiny();
        String digest = TensorDigest.of(sd);

        List<String> keys = new ArrayList<>(sd.keySet());
        Collections.reverse(keys);
        Map<String, Tensor> reordered = new LinkedHashMap<>();
        keys.forEach(k -> reordered.put("module." + k, sd.get(k)));
        reordered.put("module.bn.num_batches_tracked", new Tensor(new long[0], new float[] {123}));

        assertEquals(digest, TensorDigest.of(reordered));
    }

    @Test
    void anyChangedValueShapeOrKeyChangesIt() {
        Map<String, Tensor> sd = tiny();
        String digest = TensorDigest.of(sd);

        Map<String, Tensor> value = new LinkedHashMap<>(sd);
        float[] data = sd.get("conv.weight").data().clone();
        data[3] = Math.nextUp(data[3]); // one bit
        value.put("conv.weight", new Tensor(sd.get("conv.weight").shape(), data));
        assertNotEquals(digest, TensorDigest.of(value));

        Map<String, Tensor> shape = new LinkedHashMap<>(sd);
        shape.put("conv.weight", new Tensor(new long[] {6}, sd.get("conv.weight").data()));
        assertNotEquals(digest, TensorDigest.of(shape));

        Map<String, Tensor> key = new LinkedHashMap<>(sd);
        key.put("conv.weights", key.remove("conv.weight"));
        assertNotEquals(digest, TensorDigest.of(key));

        Map<String, Tensor> fewer = new LinkedHashMap<>(sd);
        fewer.remove("conv.bias");
        assertNotEquals(digest, TensorDigest.of(fewer));
    }

    @Test
    void keysThatCollideAfterStrippingOrHoldNulAreRefused() {
        Map<String, Tensor> sd = new LinkedHashMap<>(tiny());
        sd.put("module.conv.bias", sd.get("conv.bias"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorDigest.of(sd));
        assertTrue(e.getMessage().contains("conv.bias"), e.getMessage());

        Map<String, Tensor> nul = Map.of("a\0b", new Tensor(new long[0], new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> TensorDigest.of(nul));
    }

    /** The shared legacy file and a zip-format re-save of it: other bytes, same digest. */
    @Test
    void aZipReSaveOfTheSharedModelHasOtherBytesButTheSameDigest() throws Exception {
        Path original = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        Checkpoint legacy = CheckpointReader.read(original);
        Path copy = tmp.resolve("copy.pth");
        CheckpointWriter.write(copy, legacy.stateDict());

        assertFalse(Arrays.equals(Files.readAllBytes(original), Files.readAllBytes(copy)));
        assertEquals(TensorDigest.of(legacy.stateDict()), TensorDigest.of(CheckpointReader.read(copy).stateDict()));
    }

    private static Map<String, Tensor> tiny() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("conv.weight", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        sd.put("conv.bias", new Tensor(new long[] {2}, new float[] {0.5f, -0.5f}));
        sd.put("bn.running_mean", new Tensor(new long[] {2}, new float[] {0, 1}));
        return sd;
    }
}
