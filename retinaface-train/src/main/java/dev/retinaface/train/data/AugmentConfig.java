package dev.retinaface.train.data;

import dev.retinaface.core.image.Interpolation;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Training augmentation settings (reference {@code preproc}).
 *
 * @param imageSize      side of the square network input (640)
 * @param cropScales     square crop side as a fraction of the image's short side, drawn uniformly from these
 *                       (reference 0.3, 0.45, 0.6, 0.8, 1.0)
 * @param cropTries      crops tried before giving up and padding the whole image to a square (250)
 * @param minFaceSize    faces whose shorter side (+1 px, as the reference) at network scale is not above this are
 *                       dropped from a crop (reference 0: only degenerate boxes go)
 * @param flipProbability probability of a horizontal flip (0.5)
 * @param distort        whether to apply the photometric distortion
 * @param interpolations resampling methods drawn uniformly when resizing (reference: all five)
 */
public record AugmentConfig(int imageSize, float[] cropScales, int cropTries, float minFaceSize, float flipProbability,
                            boolean distort, List<Interpolation> interpolations) {

    public AugmentConfig {
        if (imageSize <= 0 || cropTries < 0) {
            throw new IllegalArgumentException("imageSize must be > 0 and cropTries >= 0");
        }
        if (cropScales.length == 0) {
            throw new IllegalArgumentException("at least one crop scale is needed");
        }
        for (float s : cropScales) {
            if (!(s > 0 && s <= 1)) {
                throw new IllegalArgumentException("crop scales must be in (0, 1], got " + Arrays.toString(cropScales));
            }
        }
        if (!(flipProbability >= 0 && flipProbability <= 1) || !(minFaceSize >= 0)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1] and minFaceSize >= 0");
        }
        if (interpolations.isEmpty()) {
            throw new IllegalArgumentException("at least one interpolation is needed");
        }
        cropScales = cropScales.clone();
        interpolations = List.copyOf(interpolations);
    }

    /** The reference recipe at {@code imageSize}. */
    public static AugmentConfig reference(int imageSize) {
        return new AugmentConfig(imageSize, new float[] {0.3f, 0.45f, 0.6f, 0.8f, 1.0f}, 250, 0f, 0.5f, true,
                List.of(Interpolation.values()));
    }

    /** No randomness: the whole image padded to a square and resized (linear); for validation-style inputs. */
    public static AugmentConfig none(int imageSize) {
        return new AugmentConfig(imageSize, new float[] {1f}, 0, 0f, 0f, false, List.of(Interpolation.LINEAR));
    }

    public Set<Interpolation> interpolationSet() {
        return EnumSet.copyOf(interpolations);
    }

    @Override
    public float[] cropScales() {
        return cropScales.clone();
    }
}
