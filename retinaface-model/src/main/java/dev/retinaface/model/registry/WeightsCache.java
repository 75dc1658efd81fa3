package dev.retinaface.model.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The folder where downloaded weights are kept, one file per {@link WeightsSpec#fileName()} (so its layout is that
 * of {@code ../shared/weights}). Its root is the system property {@value #HOME_PROPERTY}, else the environment
 * variable {@value #HOME_VARIABLE}, else {@code ~/.cache/retinaface-java}.
 *
 * <p>A cached file is hashed once: after it matches (by its bytes or, where the spec has a tensor digest, by its
 * tensors; see {@link WeightsVerifier}), a small marker next to it ({@code NAME.verified}) records the spec's sums
 * with the file's size and modification time, and later runs trust the file while those are unchanged. A file that
 * does not match is reported, never used.
 */
public final class WeightsCache {

    /** Environment variable naming the cache folder. */
    public static final String HOME_VARIABLE = "RETINAFACE_HOME";
    /** System property naming the cache folder; wins over {@value #HOME_VARIABLE}. */
    public static final String HOME_PROPERTY = "retinaface.home";

    private static final String MARKER_SUFFIX = ".verified";

    /** What the cache holds for one spec. */
    public enum State {
        /** No file. */
        MISSING,
        /** The file is there and matches (same bytes, or same tensors where the spec allows it). */
        VERIFIED,
        /** A file is there but it is not the expected one (truncated, damaged, another version). */
        CORRUPT
    }

    private final Path root;

    /** A cache in {@code root} (created when the first file is stored). */
    public WeightsCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache the settings in {@code env} point to. */
    public static WeightsCache locate(Environment env) {
        Optional<String> configured = env.property(HOME_PROPERTY).or(() -> env.variable(HOME_VARIABLE));
        if (configured.isPresent()) {
            return new WeightsCache(Path.of(configured.get()));
        }
        String home = env.property("user.home").orElseThrow(() -> new WeightsException(
                "cannot find the home folder for the weights cache; set " + HOME_VARIABLE));
        return new WeightsCache(Path.of(home, ".cache", "retinaface-java"));
    }

    /** The cache folder. */
    public Path root() {
        return root;
    }

    /** Where {@code spec}'s file is (or would be) stored. */
    public Path pathOf(WeightsSpec spec) {
        return root.resolve(spec.fileName()).normalize();
    }

    /** Whether the cache holds a verified copy of {@code spec}'s file (hashing it once if needed). */
    public State state(WeightsSpec spec) {
        Path file = pathOf(spec);
        if (!Files.isRegularFile(file)) {
            return State.MISSING;
        }
        if (hasValidMarker(file, spec)) {
            return State.VERIFIED;
        }
        if (Checksums.mismatch(file, spec).isPresent()) {
            return State.CORRUPT;
        }
        markVerified(spec);
        return State.VERIFIED;
    }

    /**
     * The cached file when present and verified; empty when absent.
     *
     * @throws WeightsException when a file is there but does not match, saying how it differs and what to do
     */
    public Optional<Path> verified(WeightsSpec spec) {
        return verified(spec, note -> { });
    }

    /**
     * Like {@link #verified(WeightsSpec)}; {@code notes} hears when the file was accepted by its tensors rather
     * than its bytes (only when it is checked, not when its marker vouches for it).
     */
    public Optional<Path> verified(WeightsSpec spec, Consumer<String> notes) {
        Path file = pathOf(spec);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        if (hasValidMarker(file, spec)) {
            return Optional.of(file);
        }
        WeightsVerifier.Verdict verdict = WeightsVerifier.verify(file, spec);
        if (!verdict.accepted()) {
            throw new WeightsException("the cached weights file is not the expected one: " + verdict.message()
                    + ". Delete " + file + " to download it again, or pass --weights FILE to use your own file.");
        }
        if (verdict.match() == WeightsVerifier.Match.SAME_TENSORS) {
            notes.accept(verdict.message());
        }
        markVerified(spec);
        return Optional.of(file);
    }

    /**
     * Records that {@code spec}'s cached file matched (by bytes or tensors); a cache on a read-only disk just
     * checks again next time.
     */
    void markVerified(WeightsSpec spec) {
        Path file = pathOf(spec);
        try {
            Files.writeString(markerOf(file), markerText(file, spec), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // not fatal: the file is verified for this run, the next run hashes it again
        }
    }

    private boolean hasValidMarker(Path file, WeightsSpec spec) {
        Path marker = markerOf(file);
        try {
            return Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8).equals(markerText(file, spec));
        } catch (IOException e) {
            return false;
        }
    }

    private static Path markerOf(Path file) {
        return file.resolveSibling(file.getFileName() + MARKER_SUFFIX);
    }

    // the spec's sums (a registry update invalidates the marker) plus what changes when the file is replaced
    private static String markerText(Path file, WeightsSpec spec) throws IOException {
        String sums = spec.tensorDigest() == null ? spec.sha256() : spec.sha256() + " " + spec.tensorDigest();
        return sums + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis() + "\n";
    }
}
