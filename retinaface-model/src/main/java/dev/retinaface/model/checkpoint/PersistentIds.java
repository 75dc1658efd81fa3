package dev.retinaface.model.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Parses torch's persistent ids {@code ('storage', storage_type, key, location, numel[, view_metadata])}. */
final class PersistentIds {

    private PersistentIds() {
    }

    static StorageRef parse(Object pid, Path file) throws CheckpointException {
        Object[] t = pid instanceof Object[] a ? a : pid instanceof List<?> l ? l.toArray() : null;
        if (t == null || t.length < 5 || !"storage".equals(t[0])) {
            throw new CheckpointFormatException(file, "unexpected persistent id " + (t == null ? pid : Arrays.toString(t))
                    + " (expected ('storage', type, key, location, numel))");
        }
        if (!(t[1] instanceof AllowedGlobals.Marker marker)) {
            throw new CheckpointFormatException(file, "persistent id names no storage class: " + t[1]);
        }
        StorageType type = StorageType.byPickleName(marker.name());
        if (type == null) {
            throw new CheckpointFormatException(file, "unsupported storage type " + marker
                    + " (supported: Float, Double, Half, BFloat16, Long, Int storages)");
        }
        if (!(t[2] instanceof String key)) {
            throw new CheckpointFormatException(file, "storage key is not a string: " + t[2]);
        }
        long numel = AllowedGlobals.toLong(t[4]);
        long viewOffset = 0;
        if (t.length > 5 && t[5] != null) {
            // legacy storage view: (view_key, offset, view_size) into the root storage
            Object[] view = t[5] instanceof Object[] a ? a : null;
            if (view == null || view.length != 3) {
                throw new CheckpointFormatException(file, "malformed storage view " + t[5]);
            }
            viewOffset = AllowedGlobals.toLong(view[1]);
            numel = AllowedGlobals.toLong(view[2]);
        }
        if (numel < 0 || viewOffset < 0) {
            throw new CheckpointFormatException(file, "storage '" + key + "' has a negative size or offset ("
                    + numel + ", " + viewOffset + ")");
        }
        return new StorageRef(key, type, numel, viewOffset);
    }
}
