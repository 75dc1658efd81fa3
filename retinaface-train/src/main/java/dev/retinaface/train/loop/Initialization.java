package dev.retinaface.train.loop;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the weights start.
 *
 * @param kind what {@code file} holds
 * @param file the weights file, {@code null} for {@link Kind#SCRATCH}
 */
public record Initialization(Kind kind, Path file) {

    public enum Kind {
        /** PyTorch default initialisation (seeded). */
        SCRATCH,
        /** ImageNet-pretrained MobileNet backbone ({@code mobilenetV1X0.25_pretrain.tar}: keys {@code stage1.*} become {@code body.stage1.*}); the rest from scratch. */
        IMAGENET_BACKBONE,
        /** A full detector state dict (e.g. {@code mobilenet0.25_Final.pth} or a checkpoint of this trainer), weights only. */
        WEIGHTS
    }

    public Initialization {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.SCRATCH) != (file == null)) {
            throw new IllegalArgumentException(kind + (file == null ? " needs a file" : " takes no file"));
        }
    }

    public static Initialization scratch() {
        return new Initialization(Kind.SCRATCH, null);
    }

    public static Initialization imagenetBackbone(Path file) {
        return new Initialization(Kind.IMAGENET_BACKBONE, file);
    }

    public static Initialization weights(Path file) {
        return new Initialization(Kind.WEIGHTS, file);
    }
}
