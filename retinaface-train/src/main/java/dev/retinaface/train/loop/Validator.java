package dev.retinaface.train.loop;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;

import java.util.Map;

/**
 * Evaluates the current weights (e.g. WIDER FACE val AP, wired by the CLI from retinaface-eval) every
 * {@code validateEvery} epochs. Returns named metrics, logged to the CSV and the listener.
 */
@FunctionalInterface
public interface Validator {
    Map<String, Double> validate(Network network, Map<String, Tensor> weights) throws Exception;
}
