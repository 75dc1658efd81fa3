package dev.retinaface.spark;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.model.zoo.ModelSource;
import org.apache.spark.SparkFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of one JVM (a Spark executor, or the driver in local mode): each is loaded lazily by the first task that
 * needs it and then shared by every task of the JVM, so an executor with many cores holds one session, not one per
 * task. Models stay loaded until the JVM ends.
 */
public final class ExecutorModels {

    private static final Map<String, FaceModel> MODELS = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /** A detector with the settings' thresholds on the JVM's shared model, loading it on first use. */
    public static FaceDetector detector(DetectionSettings settings) {
        return model(settings).detector(settings.detectorConfig());
    }

    /** The JVM's shared model for these settings (model name, weights, threads). */
    public static FaceModel model(DetectionSettings settings) {
        return MODELS.computeIfAbsent(settings.modelKey(), key -> load(settings));
    }

    /** How many models this JVM holds (tests check that tasks share one). */
    public static int loadedCount() {
        return MODELS.size();
    }

    private static FaceModel load(DetectionSettings settings) {
        try {
            ModelSource source = settings.weightsUri() == null
                    ? ModelSource.named(settings.modelName())
                    : ModelSource.file(settings.modelName(), localWeights(settings.weightsUri()));
            return FaceModel.load(source, RuntimeConfig.defaults().withThreads(settings.threads()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load model " + settings.modelName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ships a weights file to every executor of the driver's context ({@code SparkContext.addFile}), once: a job run
     * twice in one session ships it only the first time.
     */
    public static void distribute(org.apache.spark.SparkContext context, String uri) {
        String name = "/" + fileName(uri);
        boolean added = scala.jdk.javaapi.CollectionConverters.asJava(context.listFiles()).stream()
                .anyMatch(f -> f.endsWith(name));
        if (!added) {
            context.addFile(uri);
        }
    }

    /**
     * The local copy of a weights file: the one Spark fetched for this JVM ({@code SparkContext.addFile} on the
     * driver), else the path itself when it is local (local mode, a file present on every node).
     */
    static Path localWeights(String uri) throws IOException {
        String name = fileName(uri);
        try {
            Path fetched = Path.of(SparkFiles.get(name));
            if (Files.isRegularFile(fetched)) {
                return fetched;
            }
        } catch (RuntimeException noSparkFiles) {
            // no SparkEnv in this JVM (plain Java use): fall through to the path itself
        }
        URI parsed = URI.create(uri);
        Path local = parsed.getScheme() == null ? Path.of(uri) : "file".equals(parsed.getScheme()) ? Path.of(parsed) : null;
        if (local != null && Files.isRegularFile(local)) {
            return local;
        }
        throw new IOException("weights " + uri + " were not distributed to this executor (the driver adds them with "
                + "SparkContext.addFile; pass --weights with a URI every node can read)");
    }

    /** The last path segment of a URI or path: the name SparkFiles knows it by. */
    static String fileName(String uri) {
        String path = uri.replaceAll("/+$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
