package dev.retinaface.serve;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.ResizePolicy;

import java.util.List;

/**
 * What processing an upload will cost, worked out from its header alone: the subsampling used when decoding, and
 * the bytes the decode and the network runs hold, so the request can be admitted against the memory budget before a
 * single pixel is decoded.
 *
 * @param width          stored width from the header
 * @param height         stored height from the header
 * @param subsample      decode every n-th pixel in each direction (1 = full size); above 1 only when the resize
 *                       policy shrinks the image by at least that factor anyway
 * @param decodeBytes    estimated bytes of the decoded pixels (decoder raster and BGR copy)
 * @param networkBytes   estimated bytes of the network input tensors and activations
 */
public record ImagePlan(int width, int height, int subsample, long decodeBytes, long networkBytes) {

    /** Decoder raster (up to 4 bytes per pixel) plus the 3-byte BGR copy. */
    static final long DECODE_BYTES_PER_PIXEL = 7;
    /** Input tensor, activations and outputs per network-input pixel (measured about 60 for mobilenet0.25). */
    static final long NETWORK_BYTES_PER_PIXEL = 64;

    /** Total estimate admitted against the budget. */
    public long totalBytes() {
        return decodeBytes + networkBytes;
    }

    /** Decoded width after subsampling. */
    public int decodedWidth() {
        return ceilDiv(width, subsample);
    }

    /** Decoded height after subsampling. */
    public int decodedHeight() {
        return ceilDiv(height, subsample);
    }

    /**
     * The plan for an image of this size under a detector configuration: with a single network run at scale
     * {@code s <= 1/2}, the image is decoded with subsampling {@code floor(1/s)}.
     */
    public static ImagePlan of(int width, int height, DetectorConfig config) {
        List<ResizePolicy> scales = config.runScales();
        long network = 0;
        double maxScale = 0;
        for (ResizePolicy policy : scales) {
            double s = policy.scale(width, height);
            maxScale = Math.max(maxScale, s);
            network = Math.max(network, Math.round(width * s) * Math.round(height * s) * NETWORK_BYTES_PER_PIXEL);
        }
        int subsample = config.isSingleRun() && maxScale <= 0.5 ? (int) Math.floor(1.0 / maxScale) : 1;
        long decoded = (long) ceilDiv(width, subsample) * ceilDiv(height, subsample);
        return new ImagePlan(width, height, subsample, decoded * DECODE_BYTES_PER_PIXEL, network);
    }

    /**
     * The detector settings to run on the decoded (possibly subsampled) image so that the network sees the same
     * input size as the full-size image would give.
     */
    public DetectorConfig adjust(DetectorConfig config) {
        if (subsample == 1) {
            return config;
        }
        double s = config.resize().scale(width, height);
        return config.withResize(new ResizePolicy.FixedScale(Math.min(1.0, s * subsample)));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
