package dev.retinaface.model.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weights files shipped inside the library's jar, so that the default model works with no network and no
 * setting. A file is looked up as the class-path resource {@value #RESOURCE_FOLDER}{@code <file name>}; today only
 * {@code mobilenet0.25_Final.pth} is shipped (1.7 MB, MIT licence of biubug6/Pytorch_Retinaface).
 *
 * <p>The resource's SHA-256 is checked against the {@link WeightsSpec} every time it is first used in a run; a
 * resource whose bytes differ is an error (a damaged jar), never silently used. Checkpoint readers need a file:
 * a resource inside a jar is copied once per run to a temporary file that is deleted when the JVM exits.
 */
public final class EmbeddedWeights {

    /** Class-path folder of the shipped weights files. */
    public static final String RESOURCE_FOLDER = "dev/retinaface/model/weights/";

    private static final EmbeddedWeights CLASSPATH = new EmbeddedWeights(EmbeddedWeights.class.getClassLoader());
    private static final EmbeddedWeights NONE = new EmbeddedWeights(null);

    private final ClassLoader loader;
    private final Map<String, Path> verified = new ConcurrentHashMap<>();

    /** Files shipped as resources of {@code loader} ({@code null}: none); tests pass their own. */
    EmbeddedWeights(ClassLoader loader) {
        this.loader = loader;
    }

    /** The weights shipped on this library's class path (one instance per JVM, so each file is copied once). */
    public static EmbeddedWeights fromClasspath() {
        return CLASSPATH;
    }

    /** No shipped weights: every file comes from the other rules of {@link WeightsResolver}. */
    public static EmbeddedWeights none() {
        return NONE;
    }

    /** Whether a copy of {@code spec}'s file is shipped (without reading or checking it). */
    public boolean holds(WeightsSpec spec) {
        return resource(spec).isPresent();
    }

    /**
     * A readable file with the shipped copy of {@code spec}'s weights, when one is shipped.
     *
     * @throws WeightsException when the shipped copy does not have the spec's SHA-256, or cannot be copied out
     */
    public Optional<Path> file(WeightsSpec spec) {
        Optional<URL> url = resource(spec);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String key = spec.fileName() + " " + spec.sha256();
        Path cached = verified.get(key);
        if (cached != null && Files.isRegularFile(cached)) {
            return Optional.of(cached);
        }
        Path file = extract(url.get(), spec);
        verified.put(key, file);
        return Optional.of(file);
    }

    private Optional<URL> resource(WeightsSpec spec) {
        return loader == null ? Optional.empty() : Optional.ofNullable(loader.getResource(RESOURCE_FOLDER + spec.fileName()));
    }

    private static Path extract(URL url, WeightsSpec spec) {
        try {
            Optional<Path> plain = plainFile(url);
            if (plain.isPresent()) {
                check(Checksums.sha256(plain.get()), spec, url);
                return plain.get();
            }
            Path tmp = Files.createTempFile("retinaface-", "-" + Path.of(spec.fileName()).getFileName());
            tmp.toFile().deleteOnExit();
            MessageDigest digest = Checksums.newSha256();
            try (InputStream in = new DigestInputStream(url.openStream(), digest);
                 OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            check(HexFormat.of().formatHex(digest.digest()), spec, url);
            return tmp;
        } catch (IOException e) {
            throw new WeightsException("cannot copy out the shipped weights " + url + ": " + e.getMessage(), e);
        }
    }

    // when the classes run from a folder (a build tree), the resource is already a file
    private static Optional<Path> plainFile(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void check(String actualSha256, WeightsSpec spec, URL url) {
        if (!actualSha256.equals(spec.sha256())) {
            throw new WeightsException("the shipped weights " + url + " are damaged: SHA-256 " + actualSha256
                    + ", expected " + spec.sha256() + " for " + spec.fileName());
        }
    }
}
