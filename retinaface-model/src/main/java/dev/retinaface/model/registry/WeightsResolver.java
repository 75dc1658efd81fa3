package dev.retinaface.model.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which file a run loads for named weights. In order:
 * <ol>
 *   <li>an explicit file (e.g. {@code --weights FILE}), used as is: it may be the user's own training result;</li>
 *   <li>the file named by the environment variable {@value #WEIGHTS_VARIABLE}, used as is;</li>
 *   <li>the file of that name in the folder named by the system property {@value #WEIGHTS_DIR_PROPERTY} or else
 *       the environment variable {@value #WEIGHTS_DIR_VARIABLE} (laid out like {@code ../shared/weights}), verified against the recorded size and SHA-256 (or, where the registry has
 *       a tensor digest, accepted with other bytes when its tensors are identical; the progress reporter hears
 *       of it);</li>
 *   <li>the copy shipped in the library's jar ({@link EmbeddedWeights}: the default model's weights), verified
 *       against the recorded SHA-256;</li>
 *   <li>the verified copy in the {@link WeightsCache};</li>
 *   <li>a download into the cache.</li>
 * </ol>
 * A file that claims to be the named one (rules 3 to 5) but does not match is an error, never silently used.
 */
public final class WeightsResolver {

    /** Environment variable naming a weights file that overrides every name (meant for single-model runs). */
    public static final String WEIGHTS_VARIABLE = "RETINAFACE_WEIGHTS";
    /** Environment variable naming a folder holding weights files by their file names. */
    public static final String WEIGHTS_DIR_VARIABLE = "RETINAFACE_WEIGHTS_DIR";
    /** System property with the meaning of {@value #WEIGHTS_DIR_VARIABLE} (wins over it), for JVM-only setups. */
    public static final String WEIGHTS_DIR_PROPERTY = "retinaface.weights.dir";

    private final Environment env;
    private final WeightsCache cache;
    private final WeightsDownloader downloader;
    private final EmbeddedWeights embedded;
    // files outside the cache verified in this run, with the size and time they had then
    private final Map<Path, String> verifiedThisRun = new ConcurrentHashMap<>();

    /** A resolver that also uses the weights shipped on the class path ({@link EmbeddedWeights#fromClasspath()}). */
    public WeightsResolver(Environment env, WeightsCache cache, WeightsDownloader downloader) {
        this(env, cache, downloader, EmbeddedWeights.fromClasspath());
    }

    /** A resolver with its own set of shipped weights ({@link EmbeddedWeights#none()} for none). */
    public WeightsResolver(Environment env, WeightsCache cache, WeightsDownloader downloader, EmbeddedWeights embedded) {
        this.env = env;
        this.cache = cache;
        this.downloader = downloader;
        this.embedded = embedded;
    }

    /** The process's environment, its cache, downloads with progress on standard error. */
    public static WeightsResolver fromSystem() {
        Environment env = Environment.system();
        return new WeightsResolver(env, WeightsCache.locate(env), WeightsDownloader.withDefaults());
    }

    /** The cache this resolver stores downloads in. */
    public WeightsCache cache() {
        return cache;
    }

    /**
     * The file to load for the {@link KnownWeights} called {@code name}.
     *
     * @throws WeightsException for an unknown name or when no rule yields a usable file
     */
    public ResolvedWeights resolve(String name, Optional<Path> explicitFile) {
        return resolve(KnownWeights.byName(name).spec(), explicitFile);
    }

    /** The file to load for {@code spec}; see the class comment for the order of the rules. */
    public ResolvedWeights resolve(WeightsSpec spec, Optional<Path> explicitFile) {
        if (explicitFile.isPresent()) {
            return new ResolvedWeights(existingFile(explicitFile.get(), "--weights"), ResolvedWeights.Origin.EXPLICIT);
        }
        Optional<String> envFile = env.variable(WEIGHTS_VARIABLE);
        if (envFile.isPresent()) {
            return new ResolvedWeights(existingFile(Path.of(envFile.get()), WEIGHTS_VARIABLE),
                    ResolvedWeights.Origin.ENV_FILE);
        }
        Optional<Path> inFolder = fromWeightsDir(spec);
        if (inFolder.isPresent()) {
            return new ResolvedWeights(inFolder.get(), ResolvedWeights.Origin.ENV_DIR);
        }
        Optional<Path> shipped = embedded.file(spec);
        if (shipped.isPresent()) {
            return new ResolvedWeights(shipped.get(), ResolvedWeights.Origin.EMBEDDED);
        }
        Optional<Path> cached = cache.verified(spec, note -> downloader.progress().note(spec.fileName(), note));
        if (cached.isPresent()) {
            return new ResolvedWeights(cached.get(), ResolvedWeights.Origin.CACHE);
        }
        Path file = downloader.download(spec, cache.pathOf(spec));
        cache.markVerified(spec);
        return new ResolvedWeights(file, ResolvedWeights.Origin.DOWNLOADED);
    }

    /** Whether the cache holds a verified copy of the weights called {@code name} (for a {@code models} list). */
    public boolean isCached(String name) {
        return isCached(KnownWeights.byName(name).spec());
    }

    /** Whether the cache holds a verified copy of {@code spec}'s file. */
    public boolean isCached(WeightsSpec spec) {
        return cache.state(spec) == WeightsCache.State.VERIFIED;
    }

    /** Whether the library ships {@code spec}'s file, so that it needs neither cache nor network. */
    public boolean isEmbedded(WeightsSpec spec) {
        return embedded.holds(spec);
    }

    private Optional<Path> fromWeightsDir(WeightsSpec spec) {
        Optional<String> property = env.property(WEIGHTS_DIR_PROPERTY);
        String source = property.isPresent() ? "-D" + WEIGHTS_DIR_PROPERTY : WEIGHTS_DIR_VARIABLE;
        Optional<String> dir = property.or(() -> env.variable(WEIGHTS_DIR_VARIABLE));
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Path folder = Path.of(dir.get());
        if (!Files.isDirectory(folder)) {
            throw new WeightsException(source + " names " + folder + ", which is not a folder");
        }
        Path file = folder.resolve(spec.fileName()).normalize();
        if (!Files.isRegularFile(file)) {
            return Optional.empty(); // the folder may hold only some of the files
        }
        verifyOncePerRun(file, spec, source);
        return Optional.of(file);
    }

    private void verifyOncePerRun(Path file, WeightsSpec spec, String source) {
        String stamp;
        try {
            stamp = spec.sha256() + " " + spec.tensorDigest() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new WeightsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (stamp.equals(verifiedThisRun.get(file))) {
            return;
        }
        WeightsVerifier.Verdict verdict = WeightsVerifier.verify(file, spec);
        if (!verdict.accepted()) {
            throw new WeightsException("the weights file found through " + source
                    + " is not the expected one: " + verdict.message()
                    + ". To load a different file on purpose, pass --weights FILE or set " + WEIGHTS_VARIABLE + ".");
        }
        if (verdict.match() == WeightsVerifier.Match.SAME_TENSORS) {
            downloader.progress().note(spec.fileName(), verdict.message());
        }
        verifiedThisRun.put(file, stamp);
    }

    private static Path existingFile(Path file, String from) {
        if (!Files.isRegularFile(file)) {
            throw new WeightsException("the weights file " + file + " (from " + from + ") "
                    + (Files.exists(file) ? "is not a regular file" : "does not exist"));
        }
        if (!Files.isReadable(file)) {
            throw new WeightsException("the weights file " + file + " (from " + from + ") cannot be read");
        }
        return file;
    }
}
