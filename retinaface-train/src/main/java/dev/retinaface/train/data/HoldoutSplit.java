package dev.retinaface.train.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a RetinaFace {@code label.txt} into training and held-out images: {@code n} images spread evenly over
 * the file (so every event is represented), chosen deterministically. Writes {@code train-label.txt} and
 * {@code holdout-label.txt}, verbatim blocks of the original, into a folder.
 */
public record HoldoutSplit(Path trainLabels, Path holdoutLabels, int trainImages, int holdoutImages) {

    /** Writes the two label files into {@code outputDir}; {@code n} images are held out. */
    public static HoldoutSplit write(Path labels, int n, Path outputDir) throws IOException {
        if (labels.getFileName().toString().contains("bbx_gt")) {
            throw new IllegalArgumentException("a hold-out split needs a RetinaFace label.txt (with landmarks), not " + labels);
        }
        List<List<String>> blocks = new ArrayList<>();
        for (String line : Files.readAllLines(labels, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                blocks.add(new ArrayList<>());
            }
            if (!blocks.isEmpty()) {
                blocks.get(blocks.size() - 1).add(line);
            }
        }
        if (n >= blocks.size()) {
            throw new IllegalArgumentException("--holdout " + n + " leaves no training image: " + labels + " lists "
                    + blocks.size() + " images");
        }
        boolean[] held = new boolean[blocks.size()];
        for (int k = 0; k < n; k++) {
            held[(int) ((k + 0.5) * blocks.size() / n)] = true;
        }
        List<String> train = new ArrayList<>();
        List<String> holdout = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            (held[i] ? holdout : train).addAll(blocks.get(i));
        }
        Files.createDirectories(outputDir);
        Path trainFile = outputDir.resolve("train-label.txt");
        Path holdoutFile = outputDir.resolve("holdout-label.txt");
        Files.write(trainFile, train, StandardCharsets.UTF_8);
        Files.write(holdoutFile, holdout, StandardCharsets.UTF_8);
        return new HoldoutSplit(trainFile, holdoutFile, blocks.size() - n, n);
    }
}
