package dev.retinaface.train.data;

/** Resampling methods the reference draws from when resizing a training crop (OpenCV's five). */
public enum Interpolation {
    LINEAR, CUBIC, AREA, NEAREST, LANCZOS4
}
