package dev.retinaface.eval.widerface;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scores predictions against the WIDER FACE ground truth exactly as the official evaluation does
 * (see {@code docs/widerface-protocol.md}), over the images that have predictions. Images are scored in
 * parallel; their integer counts are summed, so the result does not depend on scheduling.
 */
public final class WiderEvaluator {

    private WiderEvaluator() {
    }

    /** Scores with the official settings (IoU 0.5, 1000 thresholds). */
    public static WiderResult evaluate(WiderGroundTruth groundTruth, WiderPredictions predictions) {
        return evaluate(groundTruth, predictions, WiderEvalConfig.official());
    }

    /**
     * Scores the images present in {@code predictions}.
     *
     * @throws IllegalArgumentException when a prediction names an image the ground truth does not have
     */
    public static WiderResult evaluate(WiderGroundTruth groundTruth, WiderPredictions predictions, WiderEvalConfig config) {
        List<ImagePredictions> images = new ArrayList<>(predictions.images());
        List<GroundTruthImage> truths = matchImages(groundTruth, images);
        ScoreNormalisation normalisation = ScoreNormalisation.over(images);

        List<ImageScorer.Counts> perImage = java.util.stream.IntStream.range(0, images.size()).parallel()
                .mapToObj(i -> ImageScorer.score(truths.get(i), images.get(i), normalisation.apply(images.get(i)), config))
                .toList();

        Map<WiderSetting, SettingResult> settings = new EnumMap<>(WiderSetting.class);
        for (WiderSetting setting : WiderSetting.values()) {
            long[] truePositives = new long[config.thresholdCount()];
            long[] proposals = new long[config.thresholdCount()];
            for (ImageScorer.Counts counts : perImage) {
                int[] tp = counts.truePositives()[setting.ordinal()];
                int[] pr = counts.proposals()[setting.ordinal()];
                for (int t = 0; t < tp.length; t++) {
                    truePositives[t] += tp[t];
                    proposals[t] += pr[t];
                }
            }
            long counted = truths.stream().mapToLong(g -> g.countedFaces(setting)).sum();
            settings.put(setting, SettingResult.of(new PrCurve(truePositives, proposals, counted)));
        }
        return new WiderResult(images.size(), settings);
    }

    private static List<GroundTruthImage> matchImages(WiderGroundTruth groundTruth, List<ImagePredictions> images) {
        List<GroundTruthImage> truths = new ArrayList<>(images.size());
        List<WiderImageId> unknown = new ArrayList<>();
        for (ImagePredictions p : images) {
            groundTruth.image(p.id()).ifPresentOrElse(truths::add, () -> unknown.add(p.id()));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(unknown.size() + " predicted image(s) not in the ground truth ("
                    + groundTruth.size() + " images), e.g. " + unknown.subList(0, Math.min(5, unknown.size()))
                    + ": check the <event>/<image>.txt layout and that the ground truth is the val set");
        }
        return truths;
    }
}
