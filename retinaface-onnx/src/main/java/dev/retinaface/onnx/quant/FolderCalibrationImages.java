package dev.retinaface.onnx.quant;

import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.detect.ResizedInput;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.ImageTensors;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code count} JPEG images of a folder tree (e.g. {@code WIDER_train/images}), resized by the detector's resize
 * policy (original size unless told otherwise) with the detector's own resize code, so calibration sees the inputs
 * the detector will: the files sorted by relative path, taken at even steps so every event folder is represented;
 * the same folder and policy always give the same inputs.
 */
public final class FolderCalibrationImages implements CalibrationImages {

    /** System property naming the calibration folder (wins over the environment variable). */
    public static final String FOLDER_PROPERTY = "retinaface.calibration.images";
    /** Environment variable naming the calibration folder. */
    public static final String FOLDER_VARIABLE = "RETINAFACE_CALIBRATION_IMAGES";
    /** The training images below the shared data folder. */
    public static final String SHARED_SUBFOLDER = "widerface/WIDER_train/images";

    private final Path root;
    private final List<Path> files;
    private final ResizePolicy resize;
    private final ImageLoader loader = new ImageLoader();

    /** The images at their original size. */
    public FolderCalibrationImages(Path root, int count) throws IOException {
        this(root, count, new ResizePolicy.Original());
    }

    /**
     * @param resize the detector's resize policy, applied to every image as the detector applies it
     */
    public FolderCalibrationImages(Path root, int count, ResizePolicy resize) throws IOException {
        this.resize = java.util.Objects.requireNonNull(resize, "resize");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        this.root = root;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                    .sorted((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString()))
                    .toList();
        }
        if (all.isEmpty()) {
            throw new QuantizationException("no calibration images (.jpg, .png) under " + root);
        }
        int n = Math.min(count, all.size());
        List<Path> chosen = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chosen.add(all.get((int) ((long) i * all.size() / n)));
        }
        this.files = List.copyOf(chosen);
    }

    /**
     * The default folder: system property {@value #FOLDER_PROPERTY}, else {@value #FOLDER_VARIABLE}, else {@code $RETINAFACE_SHARED/}{@value #SHARED_SUBFOLDER}, else
     * {@code ../shared/}{@value #SHARED_SUBFOLDER}; empty when none exists.
     */
    public static Optional<Path> defaultFolder() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty(FOLDER_PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        }
        String own = System.getenv(FOLDER_VARIABLE);
        if (own != null && !own.isBlank()) {
            candidates.add(Path.of(own));
        }
        String shared = System.getenv("RETINAFACE_SHARED");
        if (shared != null && !shared.isBlank()) {
            candidates.add(Path.of(shared, SHARED_SUBFOLDER));
        }
        candidates.add(Path.of("..", "shared", SHARED_SUBFOLDER));
        return candidates.stream().filter(Files::isDirectory).findFirst();
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Input input(int i) {
        try {
            BufferedImage bgr = BgrImages.toBgr(loader.load(files.get(i)).image());
            return tensorOf(bgr, resize);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calibration image " + files.get(i), e);
        }
    }

    /** The network input of an image under a resize policy, made as the detector makes it. */
    static Input tensorOf(BufferedImage bgr, ResizePolicy resize) {
        ResizedInput in = resize.resize(bgr.getWidth(), bgr.getHeight());
        float[] nchw = new float[ImageTensors.size(in.width(), in.height())];
        in.fill(bgr, java.nio.FloatBuffer.wrap(nchw), 0, false);
        return new Input(nchw, in.height(), in.width());
    }

    @Override
    public String description() {
        return files.size() + " images of " + root.toAbsolutePath().normalize() + ", first "
                + root.relativize(files.get(0)) + ", " + sizeText(resize);
    }

    /** How the calibration inputs are sized, for descriptions: "original size" or "resize short:1600:2150". */
    static String sizeText(ResizePolicy resize) {
        return resize instanceof ResizePolicy.Original ? "original size" : "resize " + resize.text();
    }

    /** The chosen files, in calibration order. */
    public List<Path> files() {
        return files;
    }
}
