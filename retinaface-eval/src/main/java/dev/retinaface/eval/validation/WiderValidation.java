package dev.retinaface.eval.validation;

import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.eval.run.WiderImage;
import dev.retinaface.eval.run.WiderImageFolder;
import dev.retinaface.eval.widerface.ImagePredictions;
import dev.retinaface.eval.widerface.WiderEvaluator;
import dev.retinaface.eval.widerface.WiderGroundTruth;
import dev.retinaface.eval.widerface.WiderPredictions;
import dev.retinaface.eval.widerface.WiderResult;
import dev.retinaface.eval.widerface.WiderSetting;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WIDER FACE val AP of a detector, in memory: runs it over {@code <images>/<event>/<name>.jpg} and scores the
 * detections (as the prediction files would hold them: score above 0.02, truncated corners) against the official
 * ground truth. Used for validation during training and anywhere AP is wanted without prediction files.
 */
public final class WiderValidation {

    private final List<WiderImage> images;
    private final WiderGroundTruth groundTruth;

    /**
     * @param imageRoot WIDER val {@code images} folder (event sub-folders)
     * @param gtDir     the eval_tools {@code ground_truth} folder
     * @throws IOException              when the ground truth cannot be read
     * @throws IllegalArgumentException when the folder holds no WIDER images or images the ground truth lacks
     */
    public WiderValidation(Path imageRoot, Path gtDir) throws IOException {
        this.groundTruth = WiderGroundTruth.load(gtDir);
        this.images = WiderImageFolder.scan(imageRoot);
        WiderImageFolder.requireKnown(images, groundTruth);
    }

    /** Number of images each evaluation runs. */
    public int imageCount() {
        return images.size();
    }

    /** AP of {@code detector} (its own score threshold and resize policy apply; use a threshold of 0.02 or less). */
    public WiderResult evaluate(FaceDetector detector) throws IOException {
        List<ImagePredictions> predictions = new ArrayList<>(images.size());
        for (WiderImage image : images) {
            List<Face> faces = detector.detect(image.file());
            predictions.add(WiderPredictions.of(image.id(), faces, WiderPredictions.MIN_SCORE));
        }
        return WiderEvaluator.evaluate(groundTruth, new WiderPredictions(predictions));
    }

    /** {@code easy}, {@code medium}, {@code hard} AP, in that order. */
    public static Map<String, Double> metrics(WiderResult result) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (WiderSetting s : WiderSetting.values()) {
            m.put(s.key(), result.averagePrecision(s));
        }
        return m;
    }
}
