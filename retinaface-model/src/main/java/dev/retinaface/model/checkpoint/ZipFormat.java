package dev.retinaface.model.checkpoint;

import java.io.ByteArrayInputStream;
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

    static Checkpoint read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(zip, file);
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null) {
                String order = new String(entryBytes(zip, byteOrder, file), StandardCharsets.US_ASCII).trim();
                if (!order.equals("little")) {
                    throw new CheckpointException(file, "byte order '" + order + "' is not supported");
                }
            }
            byte[] pickle = entryBytes(zip, zip.getEntry(prefix + "data.pkl"), file);
            Object root = RestrictedUnpickler.unpickle(file, new ByteArrayInputStream(pickle),
                    pid -> PersistentIds.parse(pid, file), "saved object (data.pkl)");

            Map<String, ByteBuffer> storages = new HashMap<>();
            return SavedObject.toCheckpoint(root, file, Checkpoint.Format.ZIP, (ref, where) -> {
                String key = ref.storage().key();
                ByteBuffer data = storages.get(key);
                if (data == null) {
                    ZipEntry entry = zip.getEntry(prefix + "data/" + key);
                    if (entry == null) {
                        throw new CheckpointException(file, "tensor '" + where + "' uses storage " + prefix + "data/"
                                + key + " which the archive does not hold");
                    }
                    data = ByteBuffer.wrap(entryBytes(zip, entry, file)).order(ByteOrder.LITTLE_ENDIAN);
                    storages.put(key, data);
                }
                return ref.materialise(data, file, where);
            });
        } catch (ZipException e) {
            throw new CheckpointException(file, "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
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
        throw new CheckpointException(file, "zip archive without data.pkl: not a PyTorch checkpoint");
    }

    private static byte[] entryBytes(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
            throw new CheckpointException(file, "corrupt zip entry " + entry.getName() + " (" + e.getMessage() + ")", e);
        }
    }
}
