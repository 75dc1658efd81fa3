package dev.retinaface.model.registry;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The file a run will load, and why that one.
 *
 * @param file   an existing regular file
 * @param origin which rule of {@link WeightsResolver} chose it
 */
public record ResolvedWeights(Path file, Origin origin) {

    /** The rules of {@link WeightsResolver#resolve}, in order of precedence. */
    public enum Origin {
        /** Given by the caller, e.g. {@code --weights FILE}; used as is. */
        EXPLICIT,
        /** The file named by {@value WeightsResolver#WEIGHTS_VARIABLE}; used as is. */
        ENV_FILE,
        /** Found by name in the folder {@value WeightsResolver#WEIGHTS_DIR_VARIABLE}; checksum verified. */
        ENV_DIR,
        /** Shipped in the library's jar ({@link EmbeddedWeights}); checksum verified. */
        EMBEDDED,
        /** Already in the cache; checksum verified. */
        CACHE,
        /** Downloaded into the cache just now; checksum verified. */
        DOWNLOADED
    }

    /** For logs: "FILE (from ORIGIN)". */
    public String describe() {
        return file + " (" + origin.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    }
}
