package dev.retinaface.cli;

import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.onnx.quant.CalibrationMethod;
import dev.retinaface.onnx.quant.QuantizationConfig;
import picocli.CommandLine.Option;

import java.util.HashSet;
import java.util.Set;

/** The int8 graph's settings on the command line, shared by the detector commands and {@code export-onnx}. */
final class QuantizationOptions {

    @Option(names = "--calibration", paramLabel = "METHOD",
            description = "Int8 calibration: minmax, percentile or entropy (default: the measured default).")
    String calibration;

    @Option(names = "--int8-float", paramLabel = "LAYERS",
            description = "Int8: convolutions kept in float, joined by '+': none, heads, first_conv, or ONNX conv "
                    + "names (a trailing * matches a prefix, e.g. body.stage1.*); default: first_conv+heads+body.stage1.*")
    String int8Float;

    @Option(names = "--calibration-percentile", paramLabel = "P",
            description = "Int8 percentile calibration: the percentile kept at each end (default: "
                    + QuantizationConfig.DEFAULT_PERCENTILE + ").")
    Double calibrationPercentile;

    @Option(names = "--calibration-images", paramLabel = "N",
            description = "Int8: number of training images calibrated on (default: "
                    + QuantizationConfig.DEFAULT_IMAGES + ").")
    Integer calibrationImages;

    @Option(names = "--calibration-size", paramLabel = "POLICY",
            description = "Int8: size of the calibration images, as --resize takes it, or 'detector' for the "
                    + "detector's --resize (default: original).")
    String calibrationSize;

    @Option(names = "--bias-correction", paramLabel = "on|off",
            description = "Int8: correct each quantised conv's bias by its mean error on the calibration images "
                    + "(default: on).")
    String biasCorrection;

    /**
     * The settings the options give, over {@link QuantizationConfig#defaults()}.
     *
     * @param detectorResize the detector's resize policy, which {@code --calibration-size detector} names
     */
    QuantizationConfig quantizationConfig(String detectorResize) {
        QuantizationConfig q = QuantizationConfig.defaults();
        if (calibrationSize != null) {
            q = q.withCalibrationResize(ResizePolicy.parse(calibrationSize.equals("detector") ? detectorResize
                    : calibrationSize));
        }
        if (calibrationPercentile != null) {
            q = q.withPercentile(calibrationPercentile);
        }
        if (calibrationImages != null) {
            q = q.withCalibrationImages(calibrationImages);
        }
        if (biasCorrection != null) {
            q = q.withBiasCorrection(switch (biasCorrection) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--bias-correction takes on or off, got "
                        + biasCorrection);
            });
        }
        if (calibration != null) {
            q = q.withMethod(CalibrationMethod.parse(calibration));
        }
        if (int8Float != null) {
            Set<String> parts = Set.of(int8Float.split("[+,]"));
            Set<String> convs = new HashSet<>(parts);
            convs.removeAll(Set.of("none", "heads", "first_conv"));
            q = q.withFloatLayers(parts.contains("first_conv"), parts.contains("heads")).withFloatConvs(convs);
        }
        return q;
    }
}
