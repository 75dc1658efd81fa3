package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.cli.folder.FolderPipeline;
import dev.retinaface.cli.folder.PipelinePlan;
import dev.retinaface.core.align.FaceAligner;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.data.FolderListing;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.core.image.AnnotationStyle;
import dev.retinaface.core.image.FaceAnnotator;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.LoadedImage;
import dev.retinaface.core.io.DetectionJson;
import dev.retinaface.core.io.ImageDetections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retinaface detect}: faces of images, folders and list files. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find faces (box, score, five landmarks) in images.",
        footer = {"", "Examples:",
                "  retinaface detect photo.jpg",
                "  retinaface detect --min-score 0.02 --json out.json \\",
                "      --weights mobilenet0.25_Final.pth selfie.png   (the reference's output)",
                "  retinaface detect --json - --no-annotate photos/   (JSON on stdout)",
                "  retinaface detect --csv faces.csv --list images.txt",
                "  retinaface detect --align crops/ --resize short:1600:2150 group.jpg",
                "  retinaface detect --tta paper crowd.jpg   (flip + pyramid + box voting)",
                "", "Several images run as a pipeline: --threads N (0 = all cores) images are decoded and detected at once,",
                "one ONNX Runtime thread each; text output keeps the input order.",
                "", "Exit status: 0 when every image was read, 1 when some failed (each is reported), 2 on a usage error."})
final class DetectCommand implements Callable<Integer> {

    private static final FaceAligner ALIGNER = new FaceAligner();

    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "Image files or folders (searched recursively).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--list", paramLabel = "FILE", description = "A text file with one image path per line (repeatable).")
    List<Path> lists = new ArrayList<>();

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @Option(names = "--json", paramLabel = "FILE", description = "Write detections as JSON ('-' for standard output).")
    String json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one CSV row per face ('-' for standard output).")
    String csv;

    @Option(names = "--annotate", paramLabel = "DIR", defaultValue = "annotated",
            description = "Folder for annotated copies (default: ${DEFAULT-VALUE}).")
    Path annotateDir;

    @Option(names = "--no-annotate", description = "Do not write annotated images.")
    boolean noAnnotate;

    @Option(names = "--align", paramLabel = "DIR", description = "Write 112x112 ArcFace-aligned crops of each face here.")
    Path alignDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no per-face lines.")
    boolean quiet;

    private OutputNames outputNames;

    @Override
    public Integer call() throws Exception {
        FolderListing expanded = InputFiles.expand(inputs, lists);
        List<Path> files = expanded.files();
        if (files.isEmpty() && expanded.problems().isEmpty()) {
            throw new IllegalArgumentException("no input images (give files, folders or --list FILE)");
        }
        outputNames = OutputNames.of(inputs, lists, files);
        for (FolderListing.Problem problem : expanded.problems()) { // reported, counted, and the batch goes on
            reportFailure(problem.path(), problem.reason());
        }
        boolean jsonToStdout = "-".equals(json);
        boolean csvToStdout = "-".equals(csv);
        boolean printFaces = !quiet && !jsonToStdout && !csvToStdout;
        List<ImageDetections> results = new ArrayList<>();
        long start = System.nanoTime();
        ImageLoader loader = new ImageLoader(detectorOptions.imageLoadConfig());
        // decode, detect and image outputs run in a bounded pipeline; text outputs follow the input order
        PipelinePlan plan = pipelinePlan(files.size());
        detectorOptions.threads = plan.intraOpThreads();
        long[] faceCount = new long[1];
        int failures;
        try (FaceModel model = detectorOptions.loadModel();
             ProgressBar progress = new ProgressBar("detect", files.size(), !quiet && files.size() > 1);
             CsvOut csvOut = csv == null ? null : new CsvOut(csv)) {
            FaceDetector detector = model.detector(detectorOptions.detectorConfig());
            FolderPipeline<LoadedImage, ImageDetections> pipeline = new FolderPipeline<>(plan, loader::load,
                    (file, image) -> {
                        List<Face> faces = detector.detect(image.image());
                        if (!noAnnotate) {
                            writeAnnotated(file, image.image(), faces);
                        }
                        if (alignDir != null) {
                            writeAligned(file, image.image(), faces);
                        }
                        return new ImageDetections(file.toString(), image.image().getWidth(),
                                image.image().getHeight(), image.exifOrientation(), faces);
                    });
            failures = pipeline.run(files, outcome -> {
                if (outcome.ok()) {
                    ImageDetections d = outcome.result();
                    faceCount[0] += d.faces().size();
                    if (json != null) {
                        results.add(d);
                    }
                    if (csvOut != null) {
                        csvOut.write(d);
                    }
                    if (printFaces) {
                        printFaces(d, progress);
                    }
                } else {
                    reportFailure(outcome.file(), outcome.error());
                }
                progress.step(1);
            });
        }
        if (json != null) {
            if (jsonToStdout) {
                DetectionJson.write(results, System.out);
            } else {
                try (OutputStream out = Files.newOutputStream(Path.of(json))) {
                    DetectionJson.write(results, out);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "%d image(s), %d face(s) with score >= %.2f, %d failed, %.2f s (%.1f images/s)%n",
                files.size() - failures, faceCount[0], detectorOptions.minScore, failures + expanded.problems().size(), seconds,
                (files.size() - failures) / Math.max(seconds, 1e-9));
        return failures + expanded.problems().size() == 0 ? 0 : 1;
    }

    /**
     * One image: all threads to ONNX Runtime, decoded in the calling worker. Several: the split measured best for
     * the thread budget ({@code --threads}, 0 = all cores; see {@link PipelinePlan#forThreads}).
     */
    private PipelinePlan pipelinePlan(int fileCount) {
        int budget = detectorOptions.threads > 0 ? detectorOptions.threads : Runtime.getRuntime().availableProcessors();
        if (fileCount <= 1) {
            return PipelinePlan.of(0, 1, budget);
        }
        return PipelinePlan.forThreads(budget);
    }

    /** One line per bad file; the file is named once (loader messages already name it). */
    private static void reportFailure(Path file, Throwable error) {
        reportFailure(file, UserErrorHandler.describe(error));
    }

    private static void reportFailure(Path file, String m) {
        String line = "retinaface detect: " + (m.contains(file.toString()) ? m : file + ": " + m);
        // start on a fresh line when an in-place progress bar may be on screen
        System.err.println(System.console() != null ? "\n" + line : line);
    }

    private static void printFaces(ImageDetections d, ProgressBar progress) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d face(s) [%dx%d%s]%n", d.image(), d.faces().size(), d.width(),
                d.height(), d.orientation() == 1 ? "" : ", EXIF orientation " + d.orientation()));
        for (Face f : d.faces()) {
            sb.append(String.format(Locale.ROOT, "  score %.4f  box %.1f %.1f %.1f %.1f  landmarks", f.score(),
                    f.box().x1(), f.box().y1(), f.box().x2(), f.box().y2()));
            for (Point p : f.landmarks()) {
                sb.append(String.format(Locale.ROOT, " (%.1f, %.1f)", p.x(), p.y()));
            }
            sb.append('\n');
        }
        synchronized (progress) {
            System.out.print(sb);
            System.out.flush();
        }
    }

    private void writeAnnotated(Path file, BufferedImage image, List<Face> faces) throws IOException {
        BufferedImage annotated = FaceAnnotator.draw(image, faces, AnnotationStyle.defaults());
        Path out = outputNames.resolve(annotateDir, file, ".png");
        Files.createDirectories(out.getParent());
        ImageIO.write(annotated, "png", out.toFile());
    }

    private void writeAligned(Path file, BufferedImage image, List<Face> faces) throws IOException {
        for (int k = 0; k < faces.size(); k++) {
            if (faces.get(k).landmarks().isEmpty()) {
                continue;
            }
            BufferedImage crop = ALIGNER.align(image, faces.get(k));
            Path out = outputNames.resolve(alignDir, file, "_face" + k + ".png");
            Files.createDirectories(out.getParent());
            ImageIO.write(crop, "png", out.toFile());
        }
    }

    /** CSV rows: image, face index, score, box, ten landmark coordinates. */
    private static final class CsvOut implements AutoCloseable {
        private final PrintWriter out;
        private final boolean stdout;

        CsvOut(String target) throws IOException {
            stdout = "-".equals(target);
            out = stdout ? new PrintWriter(System.out, false) : new PrintWriter(Files.newBufferedWriter(Path.of(target)));
            out.println("image,face,score,x1,y1,x2,y2,left_eye_x,left_eye_y,right_eye_x,right_eye_y,nose_x,nose_y,"
                    + "mouth_left_x,mouth_left_y,mouth_right_x,mouth_right_y");
        }

        void write(ImageDetections d) {
            for (int k = 0; k < d.faces().size(); k++) {
                Face f = d.faces().get(k);
                StringBuilder sb = new StringBuilder();
                sb.append(quote(d.image())).append(',').append(k).append(String.format(Locale.ROOT, ",%.6f,%.3f,%.3f,%.3f,%.3f",
                        f.score(), f.box().x1(), f.box().y1(), f.box().x2(), f.box().y2()));
                for (Point p : f.landmarks()) {
                    sb.append(String.format(Locale.ROOT, ",%.3f,%.3f", p.x(), p.y()));
                }
                out.println(sb);
            }
        }

        private static String quote(String s) {
            return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
        }

        @Override
        public void close() {
            out.flush();
            if (!stdout) {
                out.close();
            }
        }
    }
}
