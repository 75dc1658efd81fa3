package dev.retinaface.eval.widerface;

import dev.retinaface.core.data.FolderListing;
import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.core.data.TextLines;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detections in the WIDER FACE submission format: one file {@code <event>/<image name>.txt} per image holding
 * the image name, the number of boxes, then one {@code x y w h score} line per box.
 */
public final class WiderPredictions {

    /** The customary lowest score written: the PR curve needs the low scores. */
    public static final double MIN_SCORE = 0.02;

    private final Map<WiderImageId, ImagePredictions> images;

    /** Predictions made of the given images. */
    public WiderPredictions(Collection<ImagePredictions> images) {
        Map<WiderImageId, ImagePredictions> map = new TreeMap<>();
        for (ImagePredictions image : images) {
            if (map.put(image.id(), image) != null) {
                throw new IllegalArgumentException("predictions for " + image.id() + " given twice");
            }
        }
        this.images = Collections.unmodifiableMap(map);
    }

    /** The images with predictions, ordered by event then name. */
    public Collection<ImagePredictions> images() {
        return images.values();
    }

    /** Number of images with a prediction file. */
    public int size() {
        return images.size();
    }

    /** Number of boxes over all images. */
    public long boxCount() {
        return images.values().stream().mapToLong(ImagePredictions::size).sum();
    }

    /**
     * Reads every {@code <event>/<name>.txt} under {@code dir} (files directly in {@code dir} and other
     * extensions are left alone). The image is identified by folder and file name, as the official tools do;
     * the name line is not checked.
     *
     * @throws MalformedFileException on a bad count or box line, naming file and line
     * @throws IllegalArgumentException when {@code dir} is not a folder or holds no prediction file
     */
    public static WiderPredictions read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("predictions folder not found: " + dir);
        }
        FolderListing listing = FolderListing.of(dir, 2,
                p -> p.getNameCount() == 2 && p.getFileName().toString().endsWith(".txt"));
        if (!listing.problems().isEmpty()) { // an AP over part of the predictions would be wrong, so refuse
            throw new IOException("cannot read " + listing.problems().size() + " folder(s) or file(s) under " + dir
                    + ", e.g. " + listing.problems().get(0));
        }
        List<Path> files = listing.files();
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no prediction files <event>/<image>.txt under " + dir);
        }
        List<ImagePredictions> images = files.parallelStream().map(WiderPredictions::readUnchecked).toList();
        return new WiderPredictions(images);
    }

    private static ImagePredictions readUnchecked(Path file) {
        try {
            return readFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads one prediction file; the image id comes from its folder and file name. */
    public static ImagePredictions readFile(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        WiderImageId id = new WiderImageId(file.getParent().getFileName().toString(),
                fileName.substring(0, fileName.length() - ".txt".length()));
        TextLines lines = TextLines.read(file);
        lines.next("the image name");
        int count = lines.countOfLines(lines.next("the number of boxes"), "the number of boxes");
        double[] boxes = new double[4 * count];
        double[] scores = new double[count];
        for (int i = 0; i < count; i++) {
            String line = lines.next("box " + (i + 1) + " of " + count + " (x y w h score)");
            double[] v = lines.numbers(line);
            if (v.length != 5) {
                throw lines.error("a box line has 5 numbers (x y w h score), got " + v.length + ": " + line);
            }
            checkBox(lines, v, line);
            System.arraycopy(v, 0, boxes, 4 * i, 4);
            scores[i] = v[4];
        }
        if (lines.hasMoreContent()) {
            lines.next("");
            throw lines.error("more box lines than the count " + count + " on line 2");
        }
        return new ImagePredictions(id, boxes, scores);
    }

    /** The largest box coordinate or size accepted, in pixels: far beyond any image, far below float trouble. */
    public static final double MAX_COORDINATE = 1e6;

    /**
     * Refuses what no detector can mean: a negative width or height, or a coordinate beyond
     * {@link #MAX_COORDINATE}. Scores are not checked: the protocol min-max normalises them over all images, so
     * any finite score is usable ({@link #scoresOutsideUnitRange()} counts those outside [0, 1]).
     */
    private static void checkBox(TextLines lines, double[] v, String line) {
        if (v[2] < 0 || v[3] < 0) {
            throw lines.error("a box has a negative width or height: " + line);
        }
        for (int k = 0; k < 4; k++) {
            if (Math.abs(v[k]) > MAX_COORDINATE) {
                throw lines.error("a box value is beyond " + (long) MAX_COORDINATE + " pixels: " + line);
            }
        }
    }

    /** Number of scores outside [0, 1] over all images (kept: the protocol normalises scores). */
    public long scoresOutsideUnitRange() {
        long n = 0;
        for (ImagePredictions image : images.values()) {
            for (double s : image.scoresView()) {
                n += s < 0 || s > 1 ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * Writes one image's detections with score above {@link #MIN_SCORE} to {@code dir/event/name.txt}, the way
     * the reference evaluation script does: best score first, {@code x y} the truncated top-left corner,
     * {@code w h} the truncated bottom-right corner minus it, the score as the shortest decimal that reads back.
     *
     * @param imageName the image file name, with or without {@code .jpg}
     * @return the file written
     */
    public static Path write(Path dir, String event, String imageName, List<Face> faces) throws IOException {
        return write(dir, event, imageName, faces, MIN_SCORE);
    }

    /** The same with another lowest score (boxes with score {@code <= minScore} are left out). */
    public static Path write(Path dir, String event, String imageName, List<Face> faces, double minScore) throws IOException {
        String name = imageName.endsWith(".jpg") ? imageName.substring(0, imageName.length() - 4) : imageName;
        ImagePredictions p = of(new WiderImageId(event, name), faces, minScore);
        double[] boxes = p.boxes();
        double[] scores = p.scores();
        StringBuilder text = new StringBuilder(64 + 40 * p.size());
        text.append(name).append('\n').append(p.size()).append('\n');
        for (int i = 0; i < p.size(); i++) {
            text.append((int) boxes[4 * i]).append(' ').append((int) boxes[4 * i + 1]).append(' ')
                    .append((int) boxes[4 * i + 2]).append(' ').append((int) boxes[4 * i + 3]).append(' ')
                    .append(Float.toString((float) scores[i])).append(" \n");
        }
        Path file = dir.resolve(event).resolve(name + ".txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * One image's detections as the prediction file written by {@link #write} holds them, without the file: score
     * above {@code minScore}, best first, {@code x y} the truncated top-left corner, {@code w h} the truncated
     * bottom-right corner minus it (the reference evaluation script's rounding).
     */
    public static ImagePredictions of(WiderImageId id, List<Face> faces, double minScore) {
        List<Face> kept = new ArrayList<>(faces.stream().filter(f -> f.score() > minScore).toList());
        kept.sort(Comparator.comparingDouble(Face::score).reversed());
        double[] boxes = new double[4 * kept.size()];
        double[] scores = new double[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            Box b = kept.get(i).box();
            int x1 = (int) b.x1();
            int y1 = (int) b.y1();
            boxes[4 * i] = x1;
            boxes[4 * i + 1] = y1;
            boxes[4 * i + 2] = (int) b.x2() - x1;
            boxes[4 * i + 3] = (int) b.y2() - y1;
            scores[i] = kept.get(i).score();
        }
        return new ImagePredictions(id, boxes, scores);
    }
}
