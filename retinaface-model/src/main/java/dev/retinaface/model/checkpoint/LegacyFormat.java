package dev.retinaface.model.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-1.6 {@code torch.save} layout: pickles in sequence (magic number, protocol version, sys_info, the saved
 * object, the list of storage keys), then per key an 8-byte little-endian element count and the raw data.
 */
final class LegacyFormat {

    static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final int PROTOCOL_VERSION = 1001;

    private LegacyFormat() {
    }

    static Checkpoint read(Path file, byte[] bytes, MemoryBudget budget) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        Object magic = RestrictedUnpickler.unpickle(file, in, null, "magic number");
        // integers only: a float's text ("2.0") is no BigInteger (found by fuzzing: NumberFormatException)
        BigInteger number = magic instanceof BigInteger b ? b
                : magic instanceof Long || magic instanceof Integer ? BigInteger.valueOf(((Number) magic).longValue())
                : null;
        if (!MAGIC_NUMBER.equals(number)) {
            throw new CheckpointFormatException(file, "not a PyTorch checkpoint (pickle without torch's magic number)");
        }
        Object protocol = RestrictedUnpickler.unpickle(file, in, null, "protocol version");
        if (!(protocol instanceof Number p) || p.intValue() != PROTOCOL_VERSION) {
            throw new CheckpointFormatException(file, "unsupported legacy protocol version " + protocol);
        }
        Object sysInfo = RestrictedUnpickler.unpickle(file, in, null, "sys_info");
        if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
            throw new CheckpointFormatException(file, "big-endian checkpoints are not supported");
        }

        Map<String, StorageType> types = new HashMap<>();
        Object root = RestrictedUnpickler.unpickle(file, in, pid -> {
            StorageRef ref = PersistentIds.parse(pid, file);
            types.put(ref.key(), ref.type());
            return ref;
        }, "saved object");
        Object keys = RestrictedUnpickler.unpickle(file, in, null, "storage key list");
        if (!(keys instanceof List<?> keyList)) {
            throw new CheckpointFormatException(file, "storage key list is " + SavedObject.describe(keys));
        }

        Map<String, ByteBuffer> storages = new HashMap<>();
        int position = bytes.length - in.available();
        for (Object k : keyList) {
            String key = String.valueOf(k);
            StorageType type = types.get(key);
            if (type == null) {
                throw new CheckpointFormatException(file, "storage '" + key + "' is listed but no tensor uses it");
            }
            if (bytes.length - position < 8) {
                throw new CheckpointFormatException(file, "truncated: storage '" + key + "' is missing");
            }
            ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            long numel = le.getLong(position);
            position += 8;
            long left = bytes.length - position;
            if (numel < 0 || numel > left / type.elementSize()) {
                throw new CheckpointFormatException(file, "truncated: storage '" + key + "' declares " + numel
                        + " elements of " + type.elementSize() + " bytes, " + left + " bytes left");
            }
            int length = (int) (numel * type.elementSize());
            storages.put(key, ByteBuffer.wrap(bytes, position, (int) length).slice().order(ByteOrder.LITTLE_ENDIAN));
            position += length;
        }
        return SavedObject.toCheckpoint(root, file, Checkpoint.Format.LEGACY, (ref, where) -> {
            ByteBuffer data = storages.get(ref.storage().key());
            if (data == null) {
                throw new CheckpointFormatException(file, "tensor '" + where + "' uses storage '" + ref.storage().key()
                        + "' which the file does not hold");
            }
            return ref.materialise(data, file, where, budget);
        });
    }
}
