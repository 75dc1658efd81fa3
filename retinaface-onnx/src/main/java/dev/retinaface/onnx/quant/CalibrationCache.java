package dev.retinaface.onnx.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Calibration tables on disk, one file per weights digest, method (and percentile) and image count:
 * {@code <digest>-<method>-<images>.txt}. Writes are atomic (temporary file, then rename).
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
        return folder.resolve(weightsDigest + "-" + method + "-" + config.calibrationImages() + ".txt");
    }

    /** The cached table, if any (an unreadable file is ignored and later replaced). */
    public Optional<CalibrationTable> load(String weightsDigest, QuantizationConfig config) {
        Path file = fileOf(weightsDigest, config);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CalibrationTable.parse(Files.readAllBytes(file)));
        } catch (IOException | QuantizationException e) {
            return Optional.empty();
        }
    }

    /** Stores a table; failures to write are reported, not thrown (the table is still usable). */
    public void store(String weightsDigest, QuantizationConfig config, CalibrationTable table) {
        Path file = fileOf(weightsDigest, config);
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, "table", ".tmp");
            Files.write(tmp, table.toBytes());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.getLogger(CalibrationCache.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot cache the calibration table in " + file + ": " + e.getMessage());
        }
    }
}
