package dev.retinaface.onnx.quant;

import dev.retinaface.core.detect.ResizePolicy;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of the int8 graph.
 *
 * @param scheme            activation storage (per tensor); weights are always per-channel symmetric int8
 * @param method            how activation ranges are calibrated
 * @param percentile        kept fraction of values at each end for {@link CalibrationMethod#PERCENTILE}, e.g. 99.99
 * @param calibrationImages number of training images calibrated on
 * @param firstConvFloat    keep the first convolution (reading the image) in float
 * @param headsFloat        keep the box / score / landmark head convolutions in float
 * @param floatConvs        further convolutions kept in float, by ONNX node name ({@code prefix*}: every conv
 *                          whose name starts with the prefix)
 * @param calibrationResize the size policy the calibration images are resized with before they are run: the
 *                          detector's own ({@code DetectorConfig#resize()}), so the ranges are those of the inputs
 *                          the detector will see
 * @param biasCorrection    correct each quantised convolution's bias by its mean output error on the calibration
 *                          images (empirical bias correction, {@link BiasCorrection})
 */
public record QuantizationConfig(ActivationScheme scheme, CalibrationMethod method, double percentile,
                                 int calibrationImages, boolean firstConvFloat, boolean headsFloat,
                                 Set<String> floatConvs, ResizePolicy calibrationResize, boolean biasCorrection) {

    /**
     * Default number of calibration images, as issue #11 asks (with bias correction and the 99.999 percentile within
     * 0.5 AP points of float at both measured sizes; 128 measured a little closer at original size, half as fast to
     * calibrate).
     */
    public static final int DEFAULT_IMAGES = 64;

    public QuantizationConfig {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(method, "method");
        if (!(percentile > 50 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
        }
        if (calibrationImages < 1) {
            throw new IllegalArgumentException("calibrationImages must be >= 1, got " + calibrationImages);
        }
        floatConvs = Set.copyOf(floatConvs);
        Objects.requireNonNull(calibrationResize, "calibrationResize");
    }

    /** The settings before the calibration size and bias correction were added (original size, no correction). */
    public QuantizationConfig(ActivationScheme scheme, CalibrationMethod method, double percentile,
                              int calibrationImages, boolean firstConvFloat, boolean headsFloat,
                              Set<String> floatConvs) {
        this(scheme, method, percentile, calibrationImages, firstConvFloat, headsFloat, floatConvs,
                new ResizePolicy.Original(), false);
    }

    /** Convolutions of MobileNet-0.25's first stage (stride 2 to 8), kept in float by default. */
    public static final String MOBILENET_STAGE1 = "body.stage1.*";

    /** Default percentile: clipping at 99.99 lost up to 1.2 AP points at short:1600:2150, 99.999 about 0.6. */
    public static final double DEFAULT_PERCENTILE = 99.999;

    /**
     * The measured default (see docs/benchmarks.md, INT8): uint8 activations (faster than int8 here),
     * {@value #DEFAULT_PERCENTILE}th percentile ranges (closest to float of the methods and percentiles tried) on
     * {@value #DEFAULT_IMAGES} images at their original size (calibrating at the detector's size measured worse),
     * empirical bias correction (recovers the hard subset at large sizes), the first convolution, MobileNet's first
     * stage ({@value #MOBILENET_STAGE1}: the largest quantisation error, and no faster in int8) and the heads in
     * float.
     */
    public static QuantizationConfig defaults() {
        return new QuantizationConfig(ActivationScheme.UINT8_ASYMMETRIC, CalibrationMethod.PERCENTILE,
                DEFAULT_PERCENTILE, DEFAULT_IMAGES, true, true, Set.of(MOBILENET_STAGE1), new ResizePolicy.Original(),
                true);
    }

    public QuantizationConfig withScheme(ActivationScheme s) {
        return new QuantizationConfig(s, method, percentile, calibrationImages, firstConvFloat, headsFloat, floatConvs,
                calibrationResize, biasCorrection);
    }

    public QuantizationConfig withMethod(CalibrationMethod m) {
        return new QuantizationConfig(scheme, m, percentile, calibrationImages, firstConvFloat, headsFloat, floatConvs,
                calibrationResize, biasCorrection);
    }

    public QuantizationConfig withPercentile(double p) {
        return new QuantizationConfig(scheme, method, p, calibrationImages, firstConvFloat, headsFloat, floatConvs,
                calibrationResize, biasCorrection);
    }

    public QuantizationConfig withCalibrationImages(int n) {
        return new QuantizationConfig(scheme, method, percentile, n, firstConvFloat, headsFloat, floatConvs,
                calibrationResize, biasCorrection);
    }

    /** The same settings with the first convolution and the heads kept in float or not. */
    public QuantizationConfig withFloatLayers(boolean firstConv, boolean heads) {
        return new QuantizationConfig(scheme, method, percentile, calibrationImages, firstConv, heads, floatConvs,
                calibrationResize, biasCorrection);
    }

    public QuantizationConfig withFloatConvs(Set<String> names) {
        return new QuantizationConfig(scheme, method, percentile, calibrationImages, firstConvFloat, headsFloat, names,
                calibrationResize, biasCorrection);
    }

    /**
     * The same settings calibrated at another size: pass the detector's resize policy (calibration then sees
     * inputs of the sizes the detector runs at).
     */
    public QuantizationConfig withCalibrationResize(ResizePolicy resize) {
        return new QuantizationConfig(scheme, method, percentile, calibrationImages, firstConvFloat, headsFloat,
                floatConvs, resize, biasCorrection);
    }

    /** The same settings with empirical bias correction on or off. */
    public QuantizationConfig withBiasCorrection(boolean on) {
        return new QuantizationConfig(scheme, method, percentile, calibrationImages, firstConvFloat, headsFloat,
                floatConvs, calibrationResize, on);
    }

    /** A short text of the float-layer choice for the model metadata, e.g. {@code heads,first_conv}. */
    public String floatLayersText() {
        Set<String> parts = new TreeSet<>(floatConvs);
        if (firstConvFloat) {
            parts.add("first_conv");
        }
        if (headsFloat) {
            parts.add("heads");
        }
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }
}
