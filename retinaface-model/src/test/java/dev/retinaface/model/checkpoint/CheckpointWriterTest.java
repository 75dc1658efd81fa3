package dev.retinaface.model.checkpoint;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertIterableEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zip-format writing, checked by reading back (and, once, with Python: see the report). */
class CheckpointWriterTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripsRealStateDictThroughZipFormat() throws Exception {
        Checkpoint legacy = CheckpointReader.read(SharedData.resolve("weights/mobilenet0.25_Final.pth"));
        Path file = tmp.resolve("copy.pth");

        CheckpointWriter.write(file, legacy.stateDict());
        Checkpoint copy = CheckpointReader.read(file);

        assertEquals(Checkpoint.Format.ZIP, copy.format());
        assertEquals("", copy.stateDictPath());
        assertIterableEquals(legacy.stateDict().keySet(), copy.stateDict().keySet());
        for (Map.Entry<String, Tensor> e : legacy.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().shape(), copy.tensor(e.getKey()).shape(), e.getKey());
            assertArrayEquals(e.getValue().data(), copy.tensor(e.getKey()).data(), e.getKey());
        }
    }

    @Test
    void writesExtrasAndOptimiserState() throws Exception {
        Map<String, Tensor> stateDict = new LinkedHashMap<>();
        stateDict.put("conv.weight", new Tensor(new long[] {2, 1, 1, 1}, new float[] {1.5f, -2.25f}));
        stateDict.put("bn.num_batches_tracked", new Tensor(new long[0], new float[] {12345}));
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("epoch", 7);
        extras.put("lr", 1e-3);
        extras.put("arch", "mobilenet0.25");
        extras.put("optimizer", Map.of("momentum.conv.weight", new Tensor(new long[] {2}, new float[] {0.5f, 0.25f})));
        extras.put("history", List.of(1, 2.5, true));
        Path file = tmp.resolve("train.pth");

        CheckpointWriter.write(file, stateDict, extras);
        Checkpoint back = CheckpointReader.read(file);

        assertEquals("state_dict", back.stateDictPath());
        assertArrayEquals(new float[] {1.5f, -2.25f}, back.tensor("conv.weight").data());
        assertEquals(12345f, back.tensor("bn.num_batches_tracked").data()[0]);
        assertEquals(7L, ((Number) back.extras().get("epoch")).longValue());
        assertEquals(1e-3, back.extras().get("lr"));
        assertEquals("mobilenet0.25", back.extras().get("arch"));
        Tensor momentum = (Tensor) ((Map<?, ?>) back.extras().get("optimizer")).get("momentum.conv.weight");
        assertArrayEquals(new float[] {0.5f, 0.25f}, momentum.data());
        assertEquals(List.of(1, 2.5, true), back.extras().get("history"));
    }

    @Test
    void readsOffsetAndTransposedViewsOfSharedStorage() throws Exception {
        float[] storage = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        Map<String, Object> stateDict = new LinkedHashMap<>();
        // offset 1, size (2,3), stride (1,4): a transposed, offset view -> [[1,5,9],[2,6,10]]
        stateDict.put("transposed", new StridedTensor(storage, StorageType.FLOAT, 1, new long[] {2, 3}, new long[] {1, 4}));
        // same storage, contiguous slice starting at element 8
        stateDict.put("tail", new StridedTensor(storage, StorageType.FLOAT, 8, new long[] {4}, new long[] {1}));
        // broadcast (stride 0) and a double storage
        stateDict.put("broadcast", new StridedTensor(new float[] {3, 4}, StorageType.DOUBLE, 1, new long[] {2, 2},
                new long[] {0, 0}));
        Path file = tmp.resolve("views.pth");

        CheckpointWriter.writeObject(file, stateDict);
        Checkpoint back = CheckpointReader.read(file);

        assertArrayEquals(new long[] {2, 3}, back.tensor("transposed").shape());
        assertArrayEquals(new float[] {1, 5, 9, 2, 6, 10}, back.tensor("transposed").data());
        assertArrayEquals(new float[] {8, 9, 10, 11}, back.tensor("tail").data());
        assertArrayEquals(new float[] {4, 4, 4, 4}, back.tensor("broadcast").data());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(2, zip.stream().filter(e -> e.getName().startsWith("archive/data/")).count(),
                    "a shared storage is stored once");
        }
    }

    @Test
    void alignsStorageRecordsTo64Bytes() throws Exception {
        Path file = tmp.resolve("aligned.pth");
        CheckpointWriter.write(file, Map.of("a", new Tensor(new long[] {3}, new float[] {1, 2, 3}),
                "b", new Tensor(new long[] {1}, new float[] {4})));
        byte[] bytes = Files.readAllBytes(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                int header = localHeaderOffset(bytes, e.getName());
                int nameLength = (bytes[header + 26] & 0xff) | (bytes[header + 27] & 0xff) << 8;
                int extraLength = (bytes[header + 28] & 0xff) | (bytes[header + 29] & 0xff) << 8;
                assertEquals(0, (header + 30 + nameLength + extraLength) % 64, e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            }
        }
    }

    /** Offset of the local header of {@code name}, found by scanning for its signature. */
    private static int localHeaderOffset(byte[] bytes, String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + 30 + n.length <= bytes.length; i++) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4) {
                for (int j = 0; j < n.length; j++) {
                    if (bytes[i + 30 + j] != n[j]) {
                        continue outer;
                    }
                }
                return i;
            }
        }
        throw new AssertionError("no local header for " + name);
    }

    @Test
    void writingReplacesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Path file = tmp.resolve("x.pth");
        CheckpointWriter.write(file, Map.of("a", new Tensor(new long[] {1}, new float[] {1})));
        CheckpointWriter.write(file, Map.of("a", new Tensor(new long[] {1}, new float[] {2})));
        assertEquals(2f, CheckpointReader.read(file).tensor("a").data()[0]);
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList());
        }
        assertTrue(Files.size(file) > 0);
    }
}
