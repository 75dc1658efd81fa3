package dev.retinaface.cli;

import dev.retinaface.Detector;
import dev.retinaface.core.detect.DetectionConfig;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.eval.widerface.ImagePredictions;
import dev.retinaface.eval.widerface.WiderEvaluator;
import dev.retinaface.eval.widerface.WiderGroundTruth;
import dev.retinaface.eval.widerface.WiderImageId;
import dev.retinaface.eval.widerface.WiderPredictions;
import dev.retinaface.eval.widerface.WiderResult;
import dev.retinaface.eval.widerface.WiderSetting;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.train.loop.Validator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * WIDER FACE val AP of weights held in memory: runs a detector (original size, scores above 0.02) over
 * {@code <images>/<event>/<name>.jpg} and scores it against the official ground truth, as a training
 * {@link Validator} (metrics {@code easy}, {@code medium}, {@code hard}).
 */
final class ValidationRunner implements Validator {

    private final List<Path> images;
    private final Path imageRoot;
    private final WiderGroundTruth groundTruth;
    private final String model;
    private final int threads;

    /**
     * @param imageRoot WIDER val {@code images} folder (event sub-folders)
     * @param gtDir     the eval_tools {@code ground_truth} folder
     * @param model     the zoo model whose architecture the weights have
     * @param threads   inference threads (0 = all cores)
     */
    ValidationRunner(Path imageRoot, Path gtDir, String model, int threads) throws IOException {
        if (!Files.isDirectory(imageRoot)) {
            throw new IOException("validation images folder not found: " + imageRoot);
        }
        this.imageRoot = imageRoot;
        this.groundTruth = WiderGroundTruth.load(gtDir);
        try (Stream<Path> files = Files.walk(imageRoot, 2)) {
            this.images = files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")
                    && imageRoot.relativize(p).getNameCount() == 2).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IOException(imageRoot + ": no <event>/<image>.jpg files (expected the WIDER val images folder)");
        }
        this.model = model;
        this.threads = threads;
    }

    int imageCount() {
        return images.size();
    }

    @Override
    public Map<String, Double> validate(Network network, Map<String, Tensor> weights) throws IOException {
        return metrics(evaluate(weights));
    }

    /** AP of a detector built from {@code weights}. */
    WiderResult evaluate(Map<String, Tensor> weights) throws IOException {
        try (Detector detector = Detector.builder().model(model).weights(weights).threads(threads)
                .detection(DetectionConfig.defaults().withScoreThreshold((float) WiderPredictions.MIN_SCORE)).build()) {
            return evaluate(detector);
        }
    }

    /** AP of a detector (its own score threshold and resize policy apply). */
    WiderResult evaluate(Detector detector) throws IOException {
        List<ImagePredictions> predictions = new ArrayList<>(images.size());
        for (Path image : images) {
            // as WiderPredictions.write (the reference script): score above 0.02, corners truncated to integers
            List<Face> faces = detector.detect(image).stream().filter(f -> f.score() > WiderPredictions.MIN_SCORE).toList();
            double[] boxes = new double[4 * faces.size()];
            double[] scores = new double[faces.size()];
            for (int i = 0; i < faces.size(); i++) {
                Box b = faces.get(i).box();
                int x1 = (int) b.x1();
                int y1 = (int) b.y1();
                boxes[4 * i] = x1;
                boxes[4 * i + 1] = y1;
                boxes[4 * i + 2] = (int) b.x2() - x1;
                boxes[4 * i + 3] = (int) b.y2() - y1;
                scores[i] = faces.get(i).score();
            }
            Path relative = imageRoot.relativize(image);
            String name = relative.getFileName().toString();
            predictions.add(new ImagePredictions(new WiderImageId(relative.getName(0).toString(),
                    name.substring(0, name.length() - 4)), boxes, scores));
        }
        return WiderEvaluator.evaluate(groundTruth, new WiderPredictions(predictions));
    }

    /** {@code easy}, {@code medium}, {@code hard} AP, in that order. */
    static Map<String, Double> metrics(WiderResult result) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (WiderSetting s : WiderSetting.values()) {
            m.put(s.key(), result.averagePrecision(s));
        }
        return m;
    }
}
