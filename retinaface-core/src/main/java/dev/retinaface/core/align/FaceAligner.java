package dev.retinaface.core.align;

import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Cuts an aligned face out of an image: the similarity transform taking the five landmarks onto the
 * {@link ArcFaceTemplate} (least squares), then a bilinear inverse warp, pixels outside the image black.
 *
 * <p>Pixel convention: as {@code cv2.warpAffine}, which insightface's {@code norm_crop} uses, crop pixel
 * {@code (u, v)} samples the image at {@code T^-1(u, v)} with pixel centres on integer coordinates, and
 * landmarks are used as given. Bilinear weights are computed in double (OpenCV uses 5-bit fixed-point weights,
 * so values can differ from OpenCV by a grey level); a sample near the border blends in black for the
 * neighbours outside the image, as OpenCV's constant border does.
 */
public final class FaceAligner {

    private final int cropSize;
    private final List<Point> template;

    /** An aligner producing square crops of {@code cropSize} pixels (see {@link ArcFaceTemplate#forCropSize}). */
    public FaceAligner(int cropSize) {
        this.template = ArcFaceTemplate.forCropSize(cropSize);
        this.cropSize = cropSize;
    }

    /** An aligner producing the 112x112 crops ArcFace models take. */
    public FaceAligner() {
        this(ArcFaceTemplate.SIZE);
    }

    /** Side of the crops, pixels. */
    public int cropSize() {
        return cropSize;
    }

    /** The transform from image pixels to crop pixels for these five landmarks. */
    public Affine transform(List<Point> landmarks) {
        if (landmarks.size() != template.size()) {
            throw new IllegalArgumentException("alignment needs " + template.size() + " landmarks, got " + landmarks.size());
        }
        return SimilarityTransform.estimate(landmarks, template);
    }

    /** The aligned crop of {@code face}, which must have landmarks. */
    public BufferedImage align(BufferedImage image, Face face) {
        if (face.landmarks().isEmpty()) {
            throw new IllegalArgumentException("face has no landmarks to align with (box " + face.box() + ")");
        }
        return align(image, face.landmarks());
    }

    /** The aligned crop for five landmarks (RGB). */
    public BufferedImage align(BufferedImage image, List<Point> landmarks) {
        return warp(image, transform(landmarks).inverse(), cropSize, cropSize);
    }

    /**
     * A {@code width x height} RGB image whose pixel {@code (u, v)} is {@code image} sampled bilinearly at
     * {@code cropToImage(u, v)}, black outside the image.
     */
    public static BufferedImage warp(BufferedImage image, Affine cropToImage, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int w = image.getWidth();
        int h = image.getHeight();
        for (int v = 0; v < height; v++) {
            for (int u = 0; u < width; u++) {
                double x = cropToImage.a() * u + cropToImage.b() * v + cropToImage.tx();
                double y = cropToImage.c() * u + cropToImage.d() * v + cropToImage.ty();
                out.setRGB(u, v, sample(image, w, h, x, y));
            }
        }
        return out;
    }

    private static int sample(BufferedImage image, int w, int h, double x, double y) {
        if (!(x > -1 && y > -1 && x < w && y < h)) {
            return 0; // also NaN
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double r = 0;
        double g = 0;
        double b = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                int px = x0 + dx;
                int py = y0 + dy;
                double weight = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
                if (weight == 0 || px < 0 || py < 0 || px >= w || py >= h) {
                    continue;
                }
                int rgb = image.getRGB(px, py);
                r += weight * ((rgb >> 16) & 0xff);
                g += weight * ((rgb >> 8) & 0xff);
                b += weight * (rgb & 0xff);
            }
        }
        return (channel(r) << 16) | (channel(g) << 8) | channel(b);
    }

    private static int channel(double value) {
        return (int) Math.min(255, Math.max(0, Math.round(value)));
    }
}
