package dev.retinaface.core.anonymize;

import java.util.Objects;

/**
 * Settings of {@link FaceAnonymizer}.
 *
 * @param style    blur, mosaic or solid fill
 * @param margin   how much each face box grows on every side, as a fraction of its width and height (0.25 grows a
 *                 100 px box to 150 px), so hair line, chin and ears are covered too; in [0, 2]
 * @param strength how strong the blur or mosaic is relative to the face size, in (0, 1]: the blur radius and the
 *                 mosaic block are {@code strength × the face's longer side / 4}; 1 by default
 * @param solidRgb colour of {@link MaskStyle#SOLID}, as 0xRRGGBB
 */
public record AnonymizeConfig(MaskStyle style, double margin, double strength, int solidRgb) {

    public AnonymizeConfig {
        Objects.requireNonNull(style, "style");
        if (!(margin >= 0 && margin <= 2)) {
            throw new IllegalArgumentException("margin must be in [0, 2], got " + margin);
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
        }
    }

    /** Gaussian blur, margin 0.25, full strength, black for solid fills. */
    public static AnonymizeConfig defaults() {
        return new AnonymizeConfig(MaskStyle.GAUSSIAN, 0.25, 1.0, 0x000000);
    }

    public AnonymizeConfig withStyle(MaskStyle value) {
        return new AnonymizeConfig(value, margin, strength, solidRgb);
    }

    public AnonymizeConfig withMargin(double value) {
        return new AnonymizeConfig(style, value, strength, solidRgb);
    }

    public AnonymizeConfig withStrength(double value) {
        return new AnonymizeConfig(style, margin, value, solidRgb);
    }

    public AnonymizeConfig withSolidRgb(int value) {
        return new AnonymizeConfig(style, margin, strength, value);
    }
}
