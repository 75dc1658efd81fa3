package dev.retinaface.train.data;

import dev.retinaface.train.match.MatchedTargets;

import java.util.List;

/**
 * A training batch ready for the network: images as NCHW floats (BGR minus mean) and per-image anchor targets.
 *
 * @param images  {@code size × 3 × height × width} values
 * @param targets one per image
 */
public record Batch(float[] images, int height, int width, List<MatchedTargets> targets) {

    public Batch {
        targets = List.copyOf(targets);
        if (images.length != (long) targets.size() * 3 * height * width) {
            throw new IllegalArgumentException("batch of " + targets.size() + " images of " + width + "x" + height
                    + " needs " + (long) targets.size() * 3 * height * width + " values, got " + images.length);
        }
    }

    public int size() {
        return targets.size();
    }
}
