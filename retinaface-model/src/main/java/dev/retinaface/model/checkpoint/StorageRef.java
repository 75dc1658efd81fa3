package dev.retinaface.model.checkpoint;

/**
 * A storage named by a pickle's persistent id {@code ('storage', type, key, location, numel[, view_metadata])};
 * its bytes live outside the pickle.
 *
 * @param key        storage key (a file name in the zip format, a number in the legacy format)
 * @param type       element type
 * @param numel      elements visible through this reference
 * @param viewOffset elements skipped at the start of the stored data (legacy storage views), else 0
 */
record StorageRef(String key, StorageType type, long numel, long viewOffset) {
}
