package dev.retinaface.serve;

import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One upload from bytes to faces: header probe and pixel limit, memory plan, admission, (subsampled) decode,
 * detection. The admission permit is held while the caller turns the result into a response, so encoding an
 * annotated or blurred image is inside the memory budget too. Decoding, detection and the response are done on
 * {@link DetectionWorkers} (lower CPU priority), never on an HTTP thread.
 */
final class DetectionEngine {

    private final Map<String, DetectorFactory> models;
    private final String defaultModel;
    private final UploadDecoder decoder;
    private final AdmissionController admission;
    private final ServiceMetrics metrics;
    private final long deadlineNanos;
    private final DetectionWorkers workers;

    DetectionEngine(Map<String, DetectorFactory> models, ServiceConfig config, AdmissionController admission,
                    ServiceMetrics metrics, DetectionWorkers workers) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the service needs at least one model");
        }
        this.models = Map.copyOf(models);
        this.defaultModel = models.keySet().iterator().next();
        this.decoder = new UploadDecoder(config.maxPixels());
        this.admission = admission;
        this.metrics = metrics;
        this.deadlineNanos = config.deadline().toNanos();
        this.workers = workers;
    }

    /** The faces of an upload, in the stored image's full-resolution coordinates, and the decoded pixels. */
    record Result(BufferedImage image, int width, int height, int orientation, int subsample, List<Face> faces) {

        /** Faces in the coordinates of {@link #image()} (differs from {@link #faces()} when subsampled). */
        List<Face> facesOnImage() {
            return subsample == 1 ? faces : scale(faces, 1.0f / subsample);
        }
    }

    <T> T process(byte[] data, RequestOptions options, long startNanos, Function<Result, T> respond)
            throws InterruptedException {
        DetectorFactory model = model(options.model());
        int[] size = decoder.probe(data);
        ImagePlan plan;
        try {
            plan = ImagePlan.of(size[0], size[1], options.detector());
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("bad_parameter", "The resize asked for gives an empty or huge image.");
        }
        try (AdmissionController.Permit ignored = admission.admit(plan.totalBytes(), startNanos + deadlineNanos)) {
            return workers.call(() -> run(data, plan, model, options, respond));
        }
    }

    /** Decode, detect and respond, on a detection worker while the caller holds the permit. */
    private <T> T run(byte[] data, ImagePlan plan, DetectorFactory model, RequestOptions options,
                      Function<Result, T> respond) {
        UploadDecoder.Decoded decoded = decoder.decode(data, plan);
        BufferedImage image = decoded.image();
        metrics.decoded(3L * image.getWidth() * image.getHeight());
        FaceDetector detector = model.detector(plan.adjust(options.detector()));
        List<Face> faces = detector.detect(image);
        int width = image.getWidth();
        int height = image.getHeight();
        if (plan.subsample() > 1) {
            faces = scale(faces, plan.subsample());
            width = plan.width();
            height = plan.height();
        }
        metrics.faces(faces.size());
        return respond.apply(new Result(image, width, height, decoded.orientation(), plan.subsample(), faces));
    }

    private DetectorFactory model(String name) {
        if (name == null || name.isEmpty()) {
            return models.get(defaultModel);
        }
        DetectorFactory model = models.get(name);
        if (model == null) {
            throw ServiceException.badRequest("unknown_model",
                    "No model named '" + clip(name) + "' is loaded; loaded: " + String.join(", ", models.keySet()) + ".");
        }
        return model;
    }

    /** Names of the loaded models, the default first. */
    List<String> modelNames() {
        List<String> names = new ArrayList<>();
        names.add(defaultModel);
        models.keySet().stream().filter(n -> !n.equals(defaultModel)).sorted().forEach(names::add);
        return names;
    }

    private static String clip(String text) {
        String t = text.replaceAll("[^A-Za-z0-9._-]", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    static List<Face> scale(List<Face> faces, float k) {
        List<Face> out = new ArrayList<>(faces.size());
        for (Face f : faces) {
            Box b = f.box();
            List<Point> marks = new ArrayList<>(f.landmarks().size());
            for (Point p : f.landmarks()) {
                marks.add(new Point(p.x() * k, p.y() * k));
            }
            out.add(new Face(new Box(b.x1() * k, b.y1() * k, b.x2() * k, b.y2() * k), f.score(), marks));
        }
        return out;
    }
}
