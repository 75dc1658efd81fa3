package dev.retinaface.model.registry;

import dev.retinaface.model.checkpoint.TensorDigest;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity of one named weights file: its bytes are fixed by {@code sizeBytes} and {@code sha256}, and
 * {@code sources} lists public URLs believed to serve those bytes, tried in order.
 *
 * <p>With a {@code tensorDigest}, a file with other bytes is also accepted when it is a readable checkpoint whose
 * {@link TensorDigest} equals it: the same tensors saved differently (another PyTorch version, container format
 * or storage keys), as public re-hosts often are. Such a file may also have another size, up to
 * {@link #maxAcceptedBytes()}.
 *
 * @param name         short name used on the command line, e.g. {@code mobilenet0.25}
 * @param fileName     path relative to a weights folder or the cache, e.g. {@code face-detector-1mb/slim_Final.pth}
 * @param sizeBytes    exact size of the registry's copy
 * @param sha256       lower-case hex SHA-256 of the registry's copy
 * @param tensorDigest lower-case hex {@link TensorDigest} of its state dict, or {@code null} when unknown (then
 *                     only the exact bytes are accepted)
 * @param sources      download URLs, most trusted first; may be empty (then only a local copy can be used)
 */
public record WeightsSpec(String name, String fileName, long sizeBytes, String sha256, String tensorDigest,
                          List<URI> sources) {

    /** A file accepted by its tensors may be at most this many times the registry copy's size. */
    public static final int MAX_SIZE_FACTOR = 4;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** A spec without a tensor digest: only the exact bytes are accepted. */
    public WeightsSpec(String name, String fileName, long sizeBytes, String sha256, List<URI> sources) {
        this(name, fileName, sizeBytes, sha256, null, sources);
    }

    public WeightsSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("weights name must not be blank");
        }
        if (fileName == null || fileName.isBlank() || Path.of(fileName).isAbsolute()
                || Path.of(fileName).normalize().startsWith("..")) {
            throw new IllegalArgumentException("weights " + name + ": file name must be a relative path inside the"
                    + " weights folder, got " + fileName);
        }
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("weights " + name + ": size must be positive, got " + sizeBytes);
        }
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("weights " + name + ": SHA-256 must be 64 hex digits, got " + sha256);
        }
        tensorDigest = tensorDigest == null ? null : tensorDigest.toLowerCase(Locale.ROOT);
        if (tensorDigest != null && !SHA256_HEX.matcher(tensorDigest).matches()) {
            throw new IllegalArgumentException("weights " + name + ": tensor digest must be 64 hex digits, got "
                    + tensorDigest);
        }
        sources = List.copyOf(sources);
    }

    /** The tensor digest, when the registry knows one. */
    public Optional<String> tensorDigestIfKnown() {
        return Optional.ofNullable(tensorDigest);
    }

    /**
     * The largest file accepted: {@code sizeBytes} when only the exact bytes will do, else
     * {@value #MAX_SIZE_FACTOR} times that (a re-saved copy may be somewhat larger; a much larger download is not
     * these weights and is cut off rather than stored).
     */
    public long maxAcceptedBytes() {
        return tensorDigest == null ? sizeBytes : MAX_SIZE_FACTOR * sizeBytes;
    }

    /** Size in megabytes (10^6 bytes), for messages. */
    public String sizeText() {
        return String.format(Locale.ROOT, "%.1f MB", sizeBytes / 1e6);
    }
}
