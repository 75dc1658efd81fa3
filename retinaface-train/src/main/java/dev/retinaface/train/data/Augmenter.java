package dev.retinaface.train.data;

import dev.retinaface.core.image.Interpolation;

import dev.retinaface.train.match.GroundTruth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The reference training augmentation ({@code preproc}): random square crop, photometric distortion, padding
 * to a square when no crop was found, horizontal flip (landmarks mirrored, eyes and mouth corners swapped),
 * resize to the network size with a random interpolation, coordinates normalised to 0..1.
 * All randomness comes from the given generator, so a sample is reproducible from its seed.
 */
public final class Augmenter {

    private final AugmentConfig config;

    public Augmenter(AugmentConfig config) {
        this.config = config;
    }

    public AugmentConfig config() {
        return config;
    }

    /**
     * @param faces boxes and landmarks in pixels of {@code image}
     */
    public AugmentedSample augment(BgrImage image, List<GroundTruth> faces, SplittableRandom random) {
        Crop crop = crop(image, faces, random);
        BgrImage img = crop.image;
        List<GroundTruth> boxes = crop.faces;
        if (config.distort()) {
            img = PhotometricDistortion.apply(img, random);
        }
        if (crop.pad) {
            img = img.padToSquare(104, 117, 123);
        }
        if (random.nextDouble() < config.flipProbability()) {
            img = img.mirrored();
            boxes = mirror(boxes, img.width());
        }
        List<Interpolation> methods = config.interpolations();
        Interpolation method = methods.get(random.nextInt(methods.size()));
        int w = img.width();
        int h = img.height();
        BgrImage resized = img.resized(config.imageSize(), config.imageSize(), method);
        List<GroundTruth> normalised = new ArrayList<>();
        for (GroundTruth f : boxes) {
            float[] b = f.box();
            float[] box = {b[0] / w, b[1] / h, b[2] / w, b[3] / h};
            float[] lm = f.landmarks();
            if (lm != null) {
                for (int k = 0; k < 10; k += 2) {
                    lm[k] /= w;
                    lm[k + 1] /= h;
                }
            }
            normalised.add(new GroundTruth(box, lm));
        }
        return new AugmentedSample(resized, normalised);
    }

    private record Crop(BgrImage image, List<GroundTruth> faces, boolean pad) {
    }

    private Crop crop(BgrImage image, List<GroundTruth> faces, SplittableRandom random) {
        int width = image.width();
        int height = image.height();
        float[] scales = config.cropScales();
        for (int attempt = 0; attempt < config.cropTries(); attempt++) {
            float scale = scales[random.nextInt(scales.length)];
            int side = (int) (scale * Math.min(width, height));
            if (side <= 0) {
                continue;
            }
            int l = width == side ? 0 : random.nextInt(width - side);
            int t = height == side ? 0 : random.nextInt(height - side);
            int r = l + side;
            int b = t + side;
            boolean someInside = false;
            for (GroundTruth f : faces) {
                float[] bx = f.box();
                someInside |= bx[0] >= l && bx[1] >= t && bx[2] <= r && bx[3] <= b && bx[2] > bx[0] && bx[3] > bx[1];
            }
            if (!someInside) {
                continue; // the reference wants one face wholly inside the crop
            }
            List<GroundTruth> kept = new ArrayList<>();
            for (GroundTruth f : faces) {
                float[] bx = f.box();
                float cx = (bx[0] + bx[2]) / 2;
                float cy = (bx[1] + bx[3]) / 2;
                if (!(cx > l && cx < r && cy > t && cy < b)) {
                    continue;
                }
                float[] nb = {Math.max(bx[0], l) - l, Math.max(bx[1], t) - t, Math.min(bx[2], r) - l, Math.min(bx[3], b) - t};
                float shorter = Math.min(nb[2] - nb[0] + 1, nb[3] - nb[1] + 1) / side * config.imageSize();
                if (!(shorter > config.minFaceSize())) {
                    continue;
                }
                float[] lm = f.landmarks();
                if (lm != null) {
                    for (int k = 0; k < 10; k += 2) {
                        lm[k] = Math.min(Math.max(lm[k] - l, 0), side);
                        lm[k + 1] = Math.min(Math.max(lm[k + 1] - t, 0), side);
                    }
                }
                kept.add(new GroundTruth(nb, lm));
            }
            if (kept.isEmpty()) {
                continue;
            }
            return new Crop(image.crop(l, t, side, side), kept, false);
        }
        return new Crop(image, faces, true);
    }

    /** Boxes and landmarks of a left-right mirrored image of the given width (reference convention: x → width − x). */
    static List<GroundTruth> mirror(List<GroundTruth> faces, int width) {
        List<GroundTruth> out = new ArrayList<>();
        for (GroundTruth f : faces) {
            float[] b = f.box();
            float[] box = {width - b[2], b[1], width - b[0], b[3]};
            float[] lm = f.landmarks();
            if (lm != null) {
                float[] m = new float[10];
                int[] swap = {1, 0, 2, 4, 3}; // left eye <-> right eye, left mouth corner <-> right
                for (int k = 0; k < 5; k++) {
                    m[2 * swap[k]] = width - lm[2 * k];
                    m[2 * swap[k] + 1] = lm[2 * k + 1];
                }
                lm = m;
            }
            out.add(new GroundTruth(box, lm));
        }
        return out;
    }
}
