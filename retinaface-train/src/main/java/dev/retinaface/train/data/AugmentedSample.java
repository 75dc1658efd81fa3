package dev.retinaface.train.data;

import dev.retinaface.train.match.GroundTruth;

import java.util.List;

/**
 * One augmented training image.
 *
 * @param image network-size square image
 * @param faces its faces in coordinates normalised by the image side
 */
public record AugmentedSample(BgrImage image, List<GroundTruth> faces) {

    public AugmentedSample {
        faces = List.copyOf(faces);
    }
}
