package dev.retinaface.eval.widerface;

/**
 * The score of one setting.
 *
 * @param averagePrecision VOC all-point AP of {@code curve}
 * @param countedFaces     faces that count in this setting over the images evaluated
 * @param curve            the PR curve
 */
public record SettingResult(double averagePrecision, long countedFaces, PrCurve curve) {

    /** The result of a curve. */
    public static SettingResult of(PrCurve curve) {
        return new SettingResult(curve.averagePrecision(), curve.countedFaces(), curve);
    }
}
