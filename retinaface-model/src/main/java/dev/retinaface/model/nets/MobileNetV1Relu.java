package dev.retinaface.model.nets;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Activation;
import dev.retinaface.model.arch.Network;

/**
 * The mobilenet0.25 model of biubug6/Face-Detector-1MB-with-landmark ({@code face-detector-1mb/mobilenet0.25_Final.pth}).
 * Same layers and checkpoint keys as the reference {@link MobileNetV1}, but that repository's {@code models/net.py}
 * uses a plain ReLU wherever the reference uses LeakyReLU(0.1) (backbone, FPN, SSH): running these weights with the
 * reference activations gives wrong detections. Trained with its own, smaller anchors ({@link #priors()}).
 */
public final class MobileNetV1Relu {

    private MobileNetV1Relu() {
    }

    /** The reference MobileNet-0.25 RetinaFace with every LeakyReLU replaced by a ReLU. */
    public static Network retinaFace() {
        return ActivationRewrite.replace(MobileNetV1.retinaFace(), "1mb-mobilenet0.25",
                a -> a.kind() == Activation.Kind.LEAKY_RELU ? Activation.RELU : a);
    }

    /** Anchors of this model ({@code cfg_mnet} there): {10, 20}, {32, 64}, {128, 256} at strides 8, 16, 32. */
    public static PriorConfig priors() {
        return new PriorConfig(new int[][] {{10, 20}, {32, 64}, {128, 256}}, new int[] {8, 16, 32}, 0.1f, 0.2f);
    }
}
