package dev.retinaface.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A SHA-256 over a state dict's content, independent of how it was pickled: container format (legacy or zip),
 * storage keys and sharing, element order in storages, the {@code module.} prefix of {@code DataParallel}, and the
 * order of entries all leave it unchanged; any changed key, shape or value bit changes it.
 *
 * <p>The hashed bytes (layout "v1"), reproducible in Python with {@code struct} and {@code numpy}:
 * <ol>
 *   <li>keys with a leading {@code module.} removed, minus every {@code num_batches_tracked} entry, sorted by
 *       their UTF-8 bytes (unsigned);</li>
 *   <li>per key: its UTF-8 bytes, one {@code 0x00} byte, the rank as int64 little-endian, each dimension as int64
 *       little-endian, then every value as float32 little-endian (raw IEEE bits, row-major).</li>
 * </ol>
 * {@code num_batches_tracked} is left out on purpose: it is a training-step counter that inference never reads,
 * and re-saving an old checkpoint through a newer PyTorch module adds it (as 0), so a faithful re-host may have it
 * where the original had none. Values are hashed as the float32 that {@link CheckpointReader} yields; a copy
 * stored in another precision (half, double) therefore only matches when every value converts back exactly.
 */
public final class TensorDigest {

    private static final String BATCH_COUNTER = "num_batches_tracked";

    private TensorDigest() {
    }

    /**
     * Lower-case hex digest of {@code stateDict}.
     *
     * @throws IllegalArgumentException when removing {@code module.} makes two keys equal, or a key holds a NUL
     *                                  character (it would make the byte layout ambiguous)
     */
    public static String of(Map<String, Tensor> stateDict) {
        Map<String, Tensor> stripped = StateDicts.stripDataParallelPrefix(stateDict);
        List<byte[]> keys = new ArrayList<>();
        for (String key : stripped.keySet()) {
            if (key.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("state dict key holds a NUL character: '"
                        + key.replace("\0", "\\0") + "'");
            }
            if (!isBatchCounter(key)) {
                keys.add(key.getBytes(StandardCharsets.UTF_8));
            }
        }
        keys.sort(Arrays::compareUnsigned);

        MessageDigest sha = newSha256();
        for (byte[] key : keys) {
            Tensor t = stripped.get(new String(key, StandardCharsets.UTF_8));
            sha.update(key);
            sha.update((byte) 0);
            ByteBuffer header = ByteBuffer.allocate(8 * (1 + t.shape().length)).order(ByteOrder.LITTLE_ENDIAN);
            header.putLong(t.shape().length);
            for (long d : t.shape()) {
                header.putLong(d);
            }
            sha.update(header.array());
            updateValues(sha, t.data());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Whether {@code key} names a batch-norm step counter, which the digest leaves out. */
    public static boolean isBatchCounter(String key) {
        return key.equals(BATCH_COUNTER) || key.endsWith("." + BATCH_COUNTER);
    }

    private static void updateValues(MessageDigest sha, float[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (!chunk.hasRemaining()) {
                sha.update(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putInt(Float.floatToRawIntBits(v));
        }
        sha.update(chunk.array(), 0, chunk.position());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
