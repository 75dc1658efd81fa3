package dev.retinaface.onnx.quant;

import dev.retinaface.core.detect.ResizePolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Calibration tables on disk, one file per weights digest, method (and percentile), image count and calibration size:
 * {@code <digest>-<method>-<images>.txt} at original size, {@code <digest>-<method>-<images>-<size>.txt} otherwise
 * (e.g. {@code -short_1600_2150}). Writes are atomic (temporary file, then rename).
 */
public final class CalibrationCache {

    private final Path folder;

    public CalibrationCache(Path folder) {
        this.folder = folder;
    }

    /** The folder {@code calibration} under the weights cache root ({@code RETINAFACE_HOME}, else ~/.cache/...). */
    public static CalibrationCache defaultCache() {
        Path root = dev.retinaface.model.registry.WeightsCache
                .locate(dev.retinaface.model.registry.Environment.system()).root();
        return new CalibrationCache(root.resolve("calibration"));
    }

    /** The file of a key. */
    public Path fileOf(String weightsDigest, QuantizationConfig config) {
        String method = config.method().id();
        if (config.method() == CalibrationMethod.PERCENTILE) {
            method += String.format(Locale.ROOT, "%s", config.percentile());
        }
        // original size keeps the name tables had before the size was part of the key
        String size = config.calibrationResize() instanceof ResizePolicy.Original ? ""
                : "-" + config.calibrationResize().text().replace(':', '_');
        return folder.resolve(weightsDigest + "-" + method + "-" + config.calibrationImages() + size + ".txt");
    }

    /**
     * The file of the bias corrections made with a key's table: they also depend on the activation scheme and the
     * layers kept in float, which the name carries as a short hash.
     */
    public Path biasFileOf(String weightsDigest, QuantizationConfig config) {
        String table = fileOf(weightsDigest, config).getFileName().toString();
        String plan = config.scheme() + "|" + config.floatLayersText();
        String hash;
        try {
            hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(plan.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
        return folder.resolve(table.substring(0, table.length() - ".txt".length()) + "-bias-"
                + hash.substring(0, 12) + ".txt");
    }

    /** The cached bias corrections, if any (an unreadable file is ignored and later replaced). */
    public Optional<BiasCorrection> loadBiasCorrection(String weightsDigest, QuantizationConfig config) {
        return read(biasFileOf(weightsDigest, config), BiasCorrection::parse);
    }

    /** Stores bias corrections; failures to write are reported, not thrown. */
    public void storeBiasCorrection(String weightsDigest, QuantizationConfig config, BiasCorrection correction) {
        write(biasFileOf(weightsDigest, config), correction.toBytes());
    }

    /** The cached table, if any (an unreadable file is ignored and later replaced). */
    public Optional<CalibrationTable> load(String weightsDigest, QuantizationConfig config) {
        return read(fileOf(weightsDigest, config), CalibrationTable::parse);
    }

    // a missing or unreadable file is no entry: it is measured again and replaced
    private static <T> Optional<T> read(Path file, java.util.function.Function<byte[], T> parse) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(Files.readAllBytes(file)));
        } catch (IOException | QuantizationException e) {
            return Optional.empty();
        }
    }

    /** Stores a table; failures to write are reported, not thrown (the table is still usable). */
    public void store(String weightsDigest, QuantizationConfig config, CalibrationTable table) {
        write(fileOf(weightsDigest, config), table.toBytes());
    }

    private void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, "table", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.getLogger(CalibrationCache.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot cache the calibration table in " + file + ": " + e.getMessage());
        }
    }
}
