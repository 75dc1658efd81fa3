package dev.retinaface.model.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip layout {@code torch.save} writes since PyTorch 1.6: {@code <archive>/data.pkl} (the saved object, whose
 * tensors name storages by persistent id) and one raw little-endian file per storage, {@code <archive>/data/<key>}.
 */
final class ZipFormat {

    private ZipFormat() {
    }

    static Checkpoint read(Path file, CheckpointLimits limits) throws IOException {
        MemoryBudget budget = new MemoryBudget(file, limits);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(zip, file);
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null) {
                byte[] orderBytes = entryBytes(zip, byteOrder, file, 64, "the limit of 64 bytes");
                String order = new String(orderBytes, StandardCharsets.US_ASCII).trim();
                if (!order.equals("little")) {
                    throw new CheckpointFormatException(file, "byte order '" + order + "' is not supported");
                }
            }
            byte[] pickle = entryBytes(zip, zip.getEntry(prefix + "data.pkl"), file, limits.maxPickleBytes(),
                    "the limit of " + CheckpointLimits.mib(limits.maxPickleBytes()));
            Object root = RestrictedUnpickler.unpickle(file, new ByteArrayInputStream(pickle),
                    pid -> PersistentIds.parse(pid, file), "saved object (data.pkl)");

            Map<String, ByteBuffer> storages = new HashMap<>();
            return SavedObject.toCheckpoint(root, file, Checkpoint.Format.ZIP, (ref, where) -> {
                String key = ref.storage().key();
                ByteBuffer data = storages.get(key);
                if (data == null) {
                    ZipEntry entry = zip.getEntry(prefix + "data/" + key);
                    if (entry == null) {
                        throw new CheckpointFormatException(file, "tensor '" + where + "' uses storage " + prefix + "data/"
                                + key + " which the archive does not hold");
                    }
                    long declared = entry.getSize();
                    refuseDeclaredAbove(entry, file, limits.maxBytes(), limits.limitOf(limits.maxBytes()));
                    budget.store(declared < 0 ? 0 : declared, "zip entry " + entry.getName());
                    byte[] bytes = entryBytes(zip, entry, file, limits.maxBytes(), limits.limitOf(limits.maxBytes()));
                    if (declared < 0) {
                        budget.store(bytes.length, "zip entry " + entry.getName());
                    }
                    data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    storages.put(key, data);
                }
                return ref.materialise(data, file, where, budget);
            });
        } catch (CheckpointException e) {
            throw e;
        } catch (ZipException | EOFException e) { // EOFException: found by fuzzing (a zip cut before its directory)
            throw new CheckpointFormatException(file, "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
        }
    }

    /** {@code "<archive>/"}: the folder holding {@code data.pkl}, which torch requires to be the only top folder. */
    private static String archivePrefix(ZipFile zip, Path file) throws CheckpointException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
            if (name.equals("data.pkl")) {
                return "";
            }
        }
        throw new CheckpointFormatException(file, "zip archive without data.pkl: not a PyTorch checkpoint");
    }

    private static void refuseDeclaredAbove(ZipEntry entry, Path file, long max, String limit)
            throws CheckpointLimitException {
        if (entry.getSize() > max) {
            throw new CheckpointLimitException(file, "zip entry " + entry.getName() + " expands to "
                    + CheckpointLimits.mib(entry.getSize()) + ", above " + limit);
        }
    }

    /**
     * The bytes of {@code entry}: refused before reading when its declared size passes {@code max}, and while
     * reading when it inflates past its declared size (a lying header) or past {@code max} (size unknown).
     */
    static byte[] entryBytes(ZipFile zip, ZipEntry entry, Path file, long max, String limit) throws IOException {
        long declared = entry.getSize();
        refuseDeclaredAbove(entry, file, max, limit);
        long bound = declared >= 0 ? declared : max;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(bound, Integer.MAX_VALUE - 8));
            if (in.read() != -1) {
                if (declared >= 0) {
                    throw new CheckpointFormatException(file, "zip entry " + entry.getName()
                            + " holds more than its declared " + declared + " bytes");
                }
                throw new CheckpointLimitException(file, "zip entry " + entry.getName()
                        + " expands past " + limit);
            }
            if (declared >= 0 && bytes.length != declared) {
                throw new CheckpointFormatException(file, "zip entry " + entry.getName() + " holds "
                        + bytes.length + " bytes, its header declares " + declared);
            }
            return bytes;
        } catch (ZipException | EOFException e) {
            throw new CheckpointFormatException(file, "corrupt zip entry " + entry.getName() + " (" + e.getMessage() + ")", e);
        }
    }
}
