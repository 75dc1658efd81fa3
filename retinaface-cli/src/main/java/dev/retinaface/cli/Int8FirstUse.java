package dev.retinaface.cli;

import dev.retinaface.model.checkpoint.TensorDigest;
import dev.retinaface.model.zoo.LoadedWeights;
import dev.retinaface.onnx.quant.CalibrationCache;
import dev.retinaface.onnx.quant.QuantizationConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells the user, before an int8 model is built, that its first build calibrates (about a minute of silence
 * otherwise): when the calibration table or the bias corrections of these weights and settings are not cached yet.
 */
final class Int8FirstUse {

    private Int8FirstUse() {
    }

    /**
     * Prints one line to {@code out} when the int8 build will calibrate on {@code images}; nothing when everything is
     * cached, or when there is no image folder (the build then fails with its own message saying what to set).
     */
    static void noticeIfNotCached(LoadedWeights weights, QuantizationConfig config, CalibrationCache cache,
                                  Optional<Path> images, PrintStream out) {
        if (images.isEmpty()) {
            return;
        }
        String digest = TensorDigest.of(weights.weights());
        boolean table = Files.isRegularFile(cache.fileOf(digest, config));
        boolean bias = !config.biasCorrection() || Files.isRegularFile(cache.biasFileOf(digest, config));
        if (table && bias) {
            return;
        }
        String work = !table && config.biasCorrection() ? "calibrating activation ranges and measuring bias corrections"
                : !table ? "calibrating activation ranges" : "measuring bias corrections";
        out.println("retinaface: first int8 use of these weights and settings: " + work + " on "
                + config.calibrationImages() + " training images of " + images.get()
                + " (about a minute on 2 cores); the result is cached in "
                + cache.fileOf(digest, config).getParent());
    }
}
