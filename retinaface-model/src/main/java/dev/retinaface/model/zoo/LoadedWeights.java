package dev.retinaface.model.zoo;

import dev.retinaface.model.checkpoint.Tensor;

import java.util.Map;
import java.util.Objects;

/**
 * A model's specification with weights that fit its architecture (checked).
 *
 * @param spec    architecture, anchors and name
 * @param weights state dict keyed by PyTorch checkpoint names
 * @param origin  where the weights came from, for messages and model metadata
 */
public record LoadedWeights(ModelSpec spec, Map<String, Tensor> weights, String origin) {

    public LoadedWeights {
        Objects.requireNonNull(spec, "spec");
        weights = Map.copyOf(weights);
        Objects.requireNonNull(origin, "origin");
    }
}
