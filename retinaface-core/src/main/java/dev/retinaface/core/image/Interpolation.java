package dev.retinaface.core.image;

/**
 * OpenCV's five resampling methods ({@code cv2.INTER_*}), which the reference training draws from when resizing a
 * crop. The declaration order is the reference's list order (training picks by index).
 */
public enum Interpolation {
    /** {@code INTER_LINEAR}: bilinear, OpenCV's fixed-point arithmetic ({@link ImageResizer#bilinear}). */
    LINEAR,
    /** {@code INTER_CUBIC}: bicubic, a = -0.75, 4 taps. */
    CUBIC,
    /** {@code INTER_AREA}: source-footprint average when shrinking, bilinear when enlarging. */
    AREA,
    /** {@code INTER_NEAREST}: {@code floor(dst * scale)}. */
    NEAREST,
    /** {@code INTER_LANCZOS4}: Lanczos, 8 taps. */
    LANCZOS4
}
