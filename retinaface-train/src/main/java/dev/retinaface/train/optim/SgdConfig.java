package dev.retinaface.train.optim;

/**
 * Stochastic gradient descent with momentum and weight decay (PyTorch {@code torch.optim.SGD} semantics).
 *
 * @param momentum    momentum factor (0.9)
 * @param weightDecay L2 penalty added to every gradient (5e-4), batch-norm parameters and biases included
 *                    as the reference does
 */
public record SgdConfig(float momentum, float weightDecay) {

    public SgdConfig {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** Momentum 0.9, weight decay 5e-4 (paper and reference). */
    public static SgdConfig reference() {
        return new SgdConfig(0.9f, 5e-4f);
    }
}
