package dev.retinaface.model.zoo;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Network;

import java.util.function.Supplier;

/**
 * A named pretrained model: its architecture, the anchors it was trained with and its weights file.
 *
 * @param name         the name users type ({@code --model NAME})
 * @param description  one line for listings
 * @param architecture builds the architecture description
 * @param priors       anchors the weights were trained with (never mix them between models)
 * @param trainingSize input size used in training, a hint for resize policies
 * @param weightsFile  file name of the weights in the registry and cache; {@code null} for an architecture without
 *                     published weights (trained here, e.g. with the paper preset): its weights must be given as a file
 */
public record ModelSpec(String name, String description, Supplier<Network> architecture, PriorConfig priors,
                        int trainingSize, String weightsFile) {

    public Network network() {
        return architecture.get();
    }

    /** Whether the registry has weights for this model (else they must be given as a file). */
    public boolean hasPublishedWeights() {
        return weightsFile != null;
    }
}
