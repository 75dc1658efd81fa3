package dev.retinaface.eval.widerface;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scoring rules of widerface-protocol.md on hand-made ground truth. Thresholds are {@code t = 1..1000}, index t - 1. */
class WiderEvaluatorTest {

    private static final double[] FACE_A = {100, 100, 49, 49};
    private static final double[] FACE_B = {300, 100, 49, 49};
    private static final double[] NOWHERE = {600, 600, 30, 30};

    @Test
    void aPredictionOnAnIgnoredFaceCountsNeitherWay() {
        // A counts in every setting, B in none: the best-scored prediction lands on B
        GroundTruthImage truth = image("e", "i", boxes(FACE_A, FACE_B), counted(true, false));
        PrCurve curve = hard(truth, predictions("e", "i", boxes(FACE_B, FACE_A), 0.9, 0.8));

        assertEquals(0, curve.proposals()[0]); // only the ignored hit is above threshold 0.999
        assertEquals(0, curve.truePositives()[0]);
        assertEquals(1, curve.proposals()[999]);
        assertEquals(1, curve.truePositives()[999]);
        assertEquals(1.0, curve.averagePrecision(), 1e-12);

        // the same prediction away from every face is a false positive
        PrCurve withFalsePositive = hard(truth, predictions("e", "i", boxes(NOWHERE, FACE_A), 0.9, 0.8));
        assertEquals(2, withFalsePositive.proposals()[999]);
        assertEquals(0.5, withFalsePositive.averagePrecision(), 1e-12);
    }

    @Test
    void aSecondHitOnAMatchedFaceIsAProposalButNoTruePositive() {
        GroundTruthImage truth = image("e", "i", boxes(FACE_A), counted(true));
        PrCurve curve = hard(truth, predictions("e", "i", boxes(FACE_A, shifted(FACE_A, 2)), 0.9, 0.5));

        assertEquals(1, curve.proposals()[0]);
        assertEquals(1, curve.truePositives()[0]);
        assertEquals(2, curve.proposals()[999]);
        assertEquals(1, curve.truePositives()[999]);
        assertEquals(0.5, curve.precision()[999], 1e-12);
        assertEquals(1.0, curve.averagePrecision(), 1e-12); // the envelope keeps precision 1 at recall 1
    }

    @Test
    void predictionsAreSortedByScoreBeforeMatching() {
        GroundTruthImage truth = image("e", "i", boxes(FACE_A), counted(true));
        // file order: the weak duplicate first, then the strong one; then a false positive
        WiderPredictions unsorted = predictions("e", "i", boxes(shifted(FACE_A, 3), FACE_A, NOWHERE), 0.3, 0.9, 0.1);
        WiderPredictions sorted = predictions("e", "i", boxes(FACE_A, shifted(FACE_A, 3), NOWHERE), 0.9, 0.3, 0.1);

        ImagePredictions read = unsorted.images().iterator().next();
        assertArrayEquals(new double[] {0.9, 0.3, 0.1}, read.scores());
        assertArrayEquals(FACE_A, Arrays.copyOf(read.boxes(), 4));

        PrCurve a = hard(truth, unsorted);
        PrCurve b = hard(truth, sorted);
        assertArrayEquals(b.proposals(), a.proposals());
        assertArrayEquals(b.truePositives(), a.truePositives());
        assertEquals(1, a.truePositives()[0]); // the strong box matched at the top threshold
    }

    @Test
    void iouUsesThePlusOnePixelConvention() {
        GroundTruthImage truth = image("e", "i", boxes(new double[] {0, 0, 9, 9}), counted(true));
        // +1: 10x5 inside 10x10 -> IoU exactly 0.5 (a hit); plain: 9x4 / 9x9 = 0.44 (a miss)
        PrCurve half = hard(truth, predictions("e", "i", boxes(new double[] {0, 0, 9, 4}), 0.9));
        assertEquals(1, half.truePositives()[999]);
        // one row less: 10x4 / 10x10 = 0.4, a miss
        PrCurve less = hard(truth, predictions("e", "i", boxes(new double[] {0, 0, 9, 3}), 0.9));
        assertEquals(0, less.truePositives()[999]);
        assertEquals(1, less.proposals()[999]);
    }

    @Test
    void theDenominatorCountsEveryEvaluatedImageOnly() {
        GroundTruthImage found = image("e", "found", boxes(FACE_A), counted(true));
        GroundTruthImage missed = image("e", "missed", boxes(FACE_A, FACE_B), counted(true, true));
        GroundTruthImage empty = image("e", "empty", new double[0], counted());
        GroundTruthImage notPredicted = image("e", "absent", boxes(FACE_A, FACE_B), counted(true, true));
        WiderGroundTruth gt = new WiderGroundTruth(List.of(found, missed, empty, notPredicted));
        WiderPredictions predictions = new WiderPredictions(List.of(
                new ImagePredictions(found.id(), FACE_A.clone(), new double[] {0.9}),
                new ImagePredictions(missed.id(), new double[0], new double[0]), // a file with no box
                new ImagePredictions(empty.id(), NOWHERE.clone(), new double[] {0.5}))); // no ground truth: skipped

        WiderResult result = WiderEvaluator.evaluate(gt, predictions);
        PrCurve curve = result.setting(WiderSetting.HARD).curve();

        assertEquals(3, result.images());
        assertEquals(3, curve.countedFaces()); // 1 + 2 + 0; the image without predictions is not counted
        assertEquals(1, curve.proposals()[999]); // the box on the face-less image adds nothing
        assertEquals(1, curve.truePositives()[999]);
        assertEquals(1.0 / 3, curve.averagePrecision(), 1e-12);
        assertEquals("{\"easy\":" + 1.0 / 3 + ",\"medium\":" + 1.0 / 3 + ",\"hard\":" + 1.0 / 3
                + ",\"images\":3,\"faces\":{\"easy\":3,\"medium\":3,\"hard\":3}}", result.toJson());
    }

    @Test
    void scoresAreNormalisedByOneGlobalMinAndMax() {
        GroundTruthImage one = image("e", "one", boxes(FACE_A), counted(true));
        GroundTruthImage two = image("e", "two", boxes(FACE_B), counted(true));
        WiderGroundTruth gt = new WiderGroundTruth(List.of(one, two));
        // global min 0.1, max 0.9: normalised 0.5 (image one), 1.0 and 0.0 (image two)
        PrCurve curve = WiderEvaluator.evaluate(gt, new WiderPredictions(List.of(
                new ImagePredictions(one.id(), FACE_A.clone(), new double[] {0.5}),
                new ImagePredictions(two.id(), concat(FACE_B, NOWHERE), new double[] {0.9, 0.1})))).setting(WiderSetting.HARD).curve();

        assertEquals(1, curve.proposals()[249]); // thresh 0.75: only the 0.9 box
        assertEquals(2, curve.proposals()[749]); // thresh 0.25: image one's box joins (per-image scaling would give 1.0)
        assertEquals(2, curve.truePositives()[749]);
        assertEquals(3, curve.proposals()[999]); // thresh 0: everything

        // any increasing affine map of the scores (logits, percentages) gives the same curve
        PrCurve scaled = WiderEvaluator.evaluate(gt, new WiderPredictions(List.of(
                new ImagePredictions(one.id(), FACE_A.clone(), new double[] {53}),
                new ImagePredictions(two.id(), concat(FACE_B, NOWHERE), new double[] {93, 13})))).setting(WiderSetting.HARD).curve();
        assertArrayEquals(curve.proposals(), scaled.proposals());
        assertArrayEquals(curve.truePositives(), scaled.truePositives());
    }

    @Test
    void settingsCountTheirOwnFaces() {
        Map<WiderSetting, boolean[]> counted = new EnumMap<>(WiderSetting.class);
        counted.put(WiderSetting.EASY, new boolean[] {false, false});
        counted.put(WiderSetting.MEDIUM, new boolean[] {true, false});
        counted.put(WiderSetting.HARD, new boolean[] {true, true});
        GroundTruthImage truth = new GroundTruthImage(new WiderImageId("e", "i"), boxes(FACE_A, FACE_B), counted);
        WiderResult result = WiderEvaluator.evaluate(new WiderGroundTruth(List.of(truth)),
                predictions("e", "i", boxes(FACE_A), 0.9));

        assertEquals(0, result.setting(WiderSetting.EASY).countedFaces());
        assertEquals(0.0, result.averagePrecision(WiderSetting.EASY)); // nothing to find: recall 0
        assertEquals(1.0, result.averagePrecision(WiderSetting.MEDIUM), 1e-12);
        assertEquals(0.5, result.averagePrecision(WiderSetting.HARD), 1e-12);
        assertEquals(0, result.setting(WiderSetting.EASY).curve().proposals()[999]); // A is ignored in easy
    }

    @Test
    void aPredictionForAnUnknownImageIsAnError() {
        WiderGroundTruth gt = new WiderGroundTruth(List.of(image("e", "i", boxes(FACE_A), counted(true))));
        List<ImagePredictions> images = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            images.add(new ImagePredictions(new WiderImageId("other", "x" + k), FACE_A.clone(), new double[] {0.5}));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WiderEvaluator.evaluate(gt, new WiderPredictions(images)));
        assertTrue(e.getMessage().startsWith("7 predicted image(s) not in the ground truth (1 images), e.g. [other/x0, other/x1"), e.getMessage());
    }

    @Test
    void resultsDoNotDependOnScheduling() {
        // many images scored in parallel twice give identical curves
        List<GroundTruthImage> truths = new ArrayList<>();
        List<ImagePredictions> preds = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            GroundTruthImage truth = image("e", "i" + k, boxes(FACE_A, FACE_B), counted(true, k % 3 == 0));
            truths.add(truth);
            preds.add(new ImagePredictions(truth.id(), concat(shifted(FACE_A, k % 20), NOWHERE), new double[] {(k % 97) / 97.0, (k % 13) / 13.0}));
        }
        WiderGroundTruth gt = new WiderGroundTruth(truths);
        WiderResult first = WiderEvaluator.evaluate(gt, new WiderPredictions(preds));
        WiderResult second = WiderEvaluator.evaluate(gt, new WiderPredictions(preds));
        assertEquals(first.toJson(), second.toJson());
        assertArrayEquals(first.setting(WiderSetting.HARD).curve().proposals(), second.setting(WiderSetting.HARD).curve().proposals());
    }

    // --- helpers

    private static PrCurve hard(GroundTruthImage truth, WiderPredictions predictions) {
        return WiderEvaluator.evaluate(new WiderGroundTruth(List.of(truth)), predictions).setting(WiderSetting.HARD).curve();
    }

    private static GroundTruthImage image(String event, String name, double[] boxes, boolean[] counted) {
        Map<WiderSetting, boolean[]> map = new EnumMap<>(WiderSetting.class);
        for (WiderSetting s : WiderSetting.values()) {
            map.put(s, counted);
        }
        return new GroundTruthImage(new WiderImageId(event, name), boxes, map);
    }

    private static WiderPredictions predictions(String event, String name, double[] boxes, double... scores) {
        return new WiderPredictions(List.of(new ImagePredictions(new WiderImageId(event, name), boxes, scores)));
    }

    private static boolean[] counted(boolean... flags) {
        return flags;
    }

    private static double[] boxes(double[]... boxes) {
        return concat(boxes);
    }

    private static double[] concat(double[]... parts) {
        double[] all = new double[4 * parts.length];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, all, 4 * i, 4);
        }
        return all;
    }

    private static double[] shifted(double[] box, double dx) {
        return new double[] {box[0] + dx, box[1], box[2], box[3]};
    }
}
