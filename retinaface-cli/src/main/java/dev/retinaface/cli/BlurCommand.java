package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.core.anonymize.FaceAnonymizer;
import dev.retinaface.core.anonymize.JpegExif;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.ImageWriter;
import dev.retinaface.core.image.LoadedImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** {@code retinaface blur}: anonymised copies of images and folders, the output tree mirroring the input. */
@Command(name = "blur", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Anonymise the faces of images and folders (blur, pixelate or fill).",
        description = {"Write copies of images with every face masked. Folders are walked recursively and their tree is "
                + "mirrored under --out (DIR/photos/a/b.jpg for photos/a/b.jpg); single files land in --out directly.",
                "JPEG and PNG keep their format; other formats are written as PNG. EXIF (which can hold the GPS "
                        + "position) is dropped unless --keep-exif is given (JPEG only)."},
        footer = {"", "Examples:",
                "  retinaface blur photos/ --out blurred",
                "  retinaface blur a.jpg b.png --out out --blur pixelate --blur-margin 0.4"})
final class BlurCommand implements Runnable {

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files and folders.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the anonymised copies.")
    Path out;

    @Mixin
    MaskOptions mask = new MaskOptions();

    @Option(names = "--keep-exif", description = "Copy the EXIF block of JPEG inputs (orientation set to upright).")
    boolean keepExif;

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    /** Thrown at the end when some files failed (each was reported on its own line). */
    static final class SomeFailed extends IOException {
        SomeFailed(int failed, int total) {
            super(failed + " of " + total + " images could not be anonymised");
        }
    }

    private record Job(Path source, Path target) {
    }

    @Override
    public void run() {
        FaceAnonymizer anonymizer = new FaceAnonymizer(mask.config());
        try {
            List<Job> jobs = jobs();
            int failed = 0;
            int faces = 0;
            try (FaceModel model = detectorOptions.loadModel()) {
                FaceDetector detector = model.detector(detectorOptions.detectorConfig());
                ImageLoader loader = new ImageLoader(detector.config().imageLoading());
                for (Job job : jobs) {
                    try {
                        faces += anonymise(job, loader, detector, anonymizer);
                    } catch (IOException | RuntimeException e) {
                        failed++;
                        System.err.println("retinaface blur: " + UserErrorHandler.describe(e));
                    }
                }
            }
            System.err.printf(Locale.ROOT, "%d images, %d faces masked, written under %s%n", jobs.size() - failed,
                    faces, out);
            if (failed > 0) {
                throw new SomeFailed(failed, jobs.size());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    private List<Job> jobs() throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                Path base = input.toAbsolutePath().normalize();
                Path name = base.getFileName() == null ? Path.of("root") : base.getFileName();
                try (Stream<Path> walk = Files.walk(base)) {
                    for (Path file : walk.filter(Files::isRegularFile).filter(InputFiles::looksLikeImage).sorted().toList()) {
                        jobs.add(new Job(file, out.resolve(name.toString()).resolve(base.relativize(file).toString())));
                    }
                }
            } else {
                jobs.add(new Job(input, out.resolve(input.getFileName().toString())));
            }
        }
        return jobs;
    }

    private int anonymise(Job job, ImageLoader loader, FaceDetector detector, FaceAnonymizer anonymizer)
            throws IOException {
        if (!Files.isRegularFile(job.source())) {
            throw new IOException(job.source() + ": no such file");
        }
        LoadedImage loaded = loader.load(job.source());
        List<Face> faces = detector.detect(loaded.image());
        List<Box> boxes = faces.stream().map(Face::box).toList();
        BufferedImage masked = anonymizer.apply(loaded.image(), boxes);
        String name = job.target().getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        boolean jpeg = lower.endsWith(".jpg") || lower.endsWith(".jpeg");
        Path target = jpeg || lower.endsWith(".png") ? job.target() : job.target().resolveSibling(name + ".png");
        Files.createDirectories(target.toAbsolutePath().getParent());
        ImageWriter.write(masked, target);
        if (keepExif && jpeg) {
            byte[] original = Files.readAllBytes(job.source());
            var exif = JpegExif.segment(original);
            if (exif.isPresent()) {
                Files.write(target, JpegExif.insert(Files.readAllBytes(target), exif.get()));
            }
        }
        return faces.size();
    }
}
