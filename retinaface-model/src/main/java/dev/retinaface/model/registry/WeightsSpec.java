package dev.retinaface.model.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity of one named weights file: its bytes are fixed by {@code sizeBytes} and {@code sha256}, and
 * {@code sources} lists public URLs believed to serve exactly those bytes, tried in order.
 *
 * @param name      short name used on the command line, e.g. {@code mobilenet0.25}
 * @param fileName  path relative to a weights folder or the cache, e.g. {@code face-detector-1mb/slim_Final.pth}
 * @param sizeBytes exact file size
 * @param sha256    lower-case hex SHA-256 of the file
 * @param sources   download URLs, most trusted first; may be empty (then only a local copy can be used)
 */
public record WeightsSpec(String name, String fileName, long sizeBytes, String sha256, List<URI> sources) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

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
        sources = List.copyOf(sources);
    }

    /** Size in megabytes (10^6 bytes), for messages. */
    public String sizeText() {
        return String.format(Locale.ROOT, "%.1f MB", sizeBytes / 1e6);
    }
}
