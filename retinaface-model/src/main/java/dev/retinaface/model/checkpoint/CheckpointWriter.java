package dev.retinaface.model.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes checkpoints in the zip format of PyTorch 1.6+, readable by {@code torch.load} (also with
 * {@code weights_only=True}) and by {@link CheckpointReader}: pickle protocol 2, tensors rebuilt by
 * {@code torch._utils._rebuild_tensor_v2} from storages named by persistent id, state dicts as
 * {@code collections.OrderedDict}. Storage records are stored uncompressed and 64-byte aligned, as torch does.
 *
 * <p>Tensors are written as {@code FloatStorage}, except {@code *.num_batches_tracked} counters, which are written
 * as {@code LongStorage} (rounded) because PyTorch's batch norm keeps them as int64.
 */
public final class CheckpointWriter {

    /** Folder inside the zip; torch accepts any single top-level name. */
    static final String ARCHIVE = "archive";
    private static final int ALIGNMENT = 64;

    private final PickleWriter pickle = new PickleWriter();
    private final Map<float[], String> storageKeys = new IdentityHashMap<>();
    private final Map<String, byte[]> storages = new LinkedHashMap<>();

    private CheckpointWriter() {
    }

    /** Writes {@code stateDict} as the saved object itself, like {@code torch.save(model.state_dict(), file)}. */
    public static void write(Path file, Map<String, Tensor> stateDict) throws IOException {
        writeObject(file, stateDict);
    }

    /**
     * Writes {@code {"state_dict": stateDict, **extras}}, like a training checkpoint.
     *
     * @param extras further entries: numbers, strings, booleans, null, {@link Tensor}s, lists and maps with string
     *               keys of these (e.g. {@code epoch}, or optimiser state as a map of named tensors); a map
     *               holding only tensors is written as an {@code OrderedDict}, other maps as plain dicts
     */
    public static void write(Path file, Map<String, Tensor> stateDict, Map<String, ?> extras) throws IOException {
        if (extras.containsKey("state_dict")) {
            throw new IllegalArgumentException("extras may not hold 'state_dict'");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("state_dict", stateDict);
        root.putAll(extras);
        writeObject(file, root);
    }

    /** Writes any supported object tree (package-private so tests can also write {@link StridedTensor}s). */
    static void writeObject(Path file, Object root) throws IOException {
        CheckpointWriter writer = new CheckpointWriter();
        writer.save(root, "");
        writer.writeZip(file, writer.pickle.finish());
    }

    private void save(Object value, String name) throws IOException {
        if (value == null) {
            pickle.none();
        } else if (value instanceof Boolean b) {
            pickle.bool(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            pickle.integer(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            pickle.integer(big);
        } else if (value instanceof Float || value instanceof Double) {
            pickle.floating(((Number) value).doubleValue());
        } else if (value instanceof String s) {
            pickle.string(s);
        } else if (value instanceof Tensor t) {
            StorageType type = name.endsWith("num_batches_tracked") ? StorageType.LONG : StorageType.FLOAT;
            saveTensor(new StridedTensor(t.data(), type, 0, t.shape(), contiguousStrides(t.shape())));
        } else if (value instanceof StridedTensor view) {
            saveTensor(view);
        } else if (value instanceof Map<?, ?> map) {
            saveMap(map, name);
        } else if (value instanceof List<?> list) {
            pickle.emptyList();
            if (!list.isEmpty()) {
                pickle.mark();
                for (Object item : list) {
                    save(item, name);
                }
                pickle.appends();
            }
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " at '" + name
                    + "' into a checkpoint");
        }
    }

    private void saveMap(Map<?, ?> map, String name) throws IOException {
        boolean stateDict = !map.isEmpty() && map.values().stream()
                .allMatch(v -> v instanceof Tensor || v instanceof StridedTensor);
        if (stateDict) {
            pickle.global("collections", "OrderedDict");
            pickle.emptyTuple();
            pickle.reduce();
        } else {
            pickle.emptyDict();
        }
        if (map.isEmpty()) {
            return;
        }
        pickle.mark();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map keys must be strings, got " + e.getKey() + " in '" + name + "'");
            }
            pickle.string(key);
            save(e.getValue(), name.isEmpty() ? key : name + "." + key);
        }
        pickle.setItems();
    }

    /** {@code _rebuild_tensor_v2(persistent_load(id), offset, size, stride, False, OrderedDict())}. */
    private void saveTensor(StridedTensor t) {
        String key = storageKeys.get(t.storage());
        if (key == null) {
            key = String.valueOf(storageKeys.size());
            storageKeys.put(t.storage(), key);
            storages.put(key, encode(t.storage(), t.type()));
        }
        pickle.global("torch._utils", "_rebuild_tensor_v2");
        pickle.mark();
        pickle.mark(); // persistent id ('storage', torch.<Type>Storage, key, 'cpu', numel)
        pickle.string("storage");
        pickle.global("torch", t.type().pickleName());
        pickle.string(key);
        pickle.string("cpu");
        pickle.integer(t.storage().length);
        pickle.tuple();
        pickle.persistentId();
        pickle.integer(t.offset());
        longTuple(t.size());
        longTuple(t.stride());
        pickle.bool(false);
        pickle.global("collections", "OrderedDict");
        pickle.emptyTuple();
        pickle.reduce();
        pickle.tuple();
        pickle.reduce();
    }

    private void longTuple(long[] values) {
        pickle.mark();
        for (long v : values) {
            pickle.integer(v);
        }
        pickle.tuple();
    }

    static long[] contiguousStrides(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            stride[d] = s;
            s *= shape[d];
        }
        return stride;
    }

    private static byte[] encode(float[] values, StorageType type) {
        ByteBuffer le = ByteBuffer.allocate(values.length * type.elementSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (type) {
                case FLOAT -> le.putFloat(v);
                case DOUBLE -> le.putDouble(v);
                case LONG -> le.putLong(Math.round((double) v));
                case INT -> le.putInt(Math.round(v));
                default -> throw new IllegalArgumentException("writing " + type + " storages is not supported");
            }
        }
        return le.array();
    }

    /** Writes to a temporary sibling first so an interrupted save never leaves a half-written checkpoint. */
    private void writeZip(Path file, byte[] dataPkl) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (CountingStream counter = new CountingStream(new BufferedOutputStream(Files.newOutputStream(tmp)));
                 ZipOutputStream zip = new ZipOutputStream(counter)) {
                record(zip, counter, "data.pkl", dataPkl);
                record(zip, counter, "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
                for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                    record(zip, counter, "data/" + e.getKey(), e.getValue());
                }
                record(zip, counter, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            if (e instanceof IOException io) {
                throw new CheckpointException(file, "cannot write checkpoint (" + io.getMessage() + ")", io);
            }
            throw e;
        }
    }

    /** One uncompressed record whose data starts on a 64-byte boundary (padding in an extra field, as torch does). */
    private static void record(ZipOutputStream zip, CountingStream counter, String name, byte[] data)
            throws IOException {
        String fullName = ARCHIVE + "/" + name;
        int nameLength = fullName.getBytes(StandardCharsets.UTF_8).length;
        long dataStart = counter.count() + 30 + nameLength + 4;
        int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F'; // header id "FB", the one torch's writer uses for padding
        extra[1] = 'B';
        extra[2] = (byte) pad;
        extra[3] = (byte) (pad >>> 8);

        ZipEntry entry = new ZipEntry(fullName);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTime(315532800000L + 86_400_000L); // fixed (1980-01-02) so identical input gives identical bytes
        entry.setExtra(extra);
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** Counts bytes written, so record data can be aligned. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }
}
