package dev.retinaface.model.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The hostile checkpoints of issue 13, made small: a tensor bomb, zip entries whose declared or real size is huge,
 * and a valid legacy file (seed for the fuzzer). Each builder writes a file of a few kB at most (public for the
 * zoo's tests).
 */
public final class HostileCheckpoints {

    private HostileCheckpoints() {
    }

    /** 8 tensors of 1.5e9 values, stride 0, over a one-float storage: 954 bytes that once asked for 48 GB. */
    static Path tensorBomb(Path file) throws IOException {
        float[] one = {1f};
        Map<String, Object> stateDict = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            stateDict.put("bomb." + i, new StridedTensor(one, StorageType.FLOAT, 0, new long[] {1_500_000_000L},
                    new long[] {0}));
        }
        CheckpointWriter.writeObject(file, stateDict);
        return file;
    }

    /** A state dict of one {@code n}-float tensor, zip format, its storage deflated (zeros compress ~1000:1). */
    public static Path deflatedZip(Path file, int n) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(stateDictPickle(n, false));
            zip.putNextEntry(new ZipEntry("archive/data/0"));
            byte[] zeros = new byte[1 << 16];
            for (long left = 4L * n; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        return file;
    }

    /** Rewrites the central directory's uncompressed size of {@code entryName}: a header that lies. */
    public static Path declareSize(Path file, String entryName, long size) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 < bytes.length; i++) {
            if (le.getInt(i) == 0x02014b50 && (le.getShort(i + 28) & 0xffff) == name.length
                    && java.util.Arrays.equals(bytes, i + 46, i + 46 + name.length, name, 0, name.length)) {
                le.putInt(i + 24, (int) size);
                return Files.write(file, bytes);
            }
        }
        throw new IllegalArgumentException("no central directory entry " + entryName + " in " + file);
    }

    /** A valid legacy-format checkpoint holding {@code conv.weight}, 4 floats [[1, 2], [3, 4]]. */
    public static Path validLegacy(Path file) throws IOException {
        return CraftedFiles.legacy(file, stateDictPickle(4, true), new String[] {"0"},
                new float[][] {{1, 2, 3, 4}});
    }

    /** {@code OrderedDict(conv.weight=_rebuild_tensor_v2(storage '0' of n floats, 0, (n,), (1,), False, {}))}. */
    private static byte[] stateDictPickle(int n, boolean legacy) {
        PickleWriter p = new PickleWriter();
        p.global("collections", "OrderedDict");
        p.emptyTuple();
        p.reduce();
        p.mark();
        p.string("conv.weight");
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.mark();
        p.mark();
        p.string("storage");
        p.global("torch", "FloatStorage");
        p.string("0");
        p.string("cpu");
        p.integer(n);
        if (legacy) {
            p.none();
        }
        p.tuple();
        p.persistentId();
        p.integer(0);
        p.mark();
        p.integer(n);
        p.tuple();
        p.mark();
        p.integer(1);
        p.tuple();
        p.bool(false);
        p.global("collections", "OrderedDict");
        p.emptyTuple();
        p.reduce();
        p.tuple();
        p.reduce();
        p.setItems();
        return p.finish();
    }

    /** Bytes of a file written by {@code writer} into a temporary file (for corpora kept in memory). */
    static byte[] bytes(Path tmp, IoFunction writer) throws IOException {
        Path file = writer.write(tmp);
        return Files.readAllBytes(file);
    }

    interface IoFunction {
        Path write(Path file) throws IOException;
    }

}
