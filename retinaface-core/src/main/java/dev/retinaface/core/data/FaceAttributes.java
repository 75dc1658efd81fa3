package dev.retinaface.core.data;

/**
 * The per-face attributes of the official WIDER FACE box annotations ({@code wider_face_*_bbx_gt.txt}),
 * with the values of the dataset's readme.
 *
 * @param blur         0 clear, 1 normal blur, 2 heavy blur
 * @param expression   0 typical, 1 exaggerated
 * @param illumination 0 normal, 1 extreme
 * @param invalid      true for a box the annotators marked invalid
 * @param occlusion    0 none, 1 partial, 2 heavy
 * @param pose         0 typical, 1 atypical
 */
public record FaceAttributes(int blur, int expression, int illumination, boolean invalid, int occlusion, int pose) {
}
