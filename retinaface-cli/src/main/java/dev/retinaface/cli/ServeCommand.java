package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.serve.DetectorFactory;
import dev.retinaface.serve.FaceService;
import dev.retinaface.serve.ServiceConfig;
import dev.retinaface.serve.ServiceStartException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retinaface serve}: the face-detection HTTP service (module retinaface-serve). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve face detection over HTTP, with a web page at /.",
                "Routes: POST /v1/detect, /v1/annotate, /v1/blur, /v1/align; GET /health, /ready, /metrics, /openapi.json.",
                "Resize defaults to long:1920 here (huge uploads are decoded subsampled); --resize overrides it.",
                "Stops gracefully on SIGTERM or Ctrl-C (finishes requests in flight)."},
        footer = {"", "Examples:",
                "  retinaface serve --port 8080",
                "  curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg' 'http://127.0.0.1:8080/v1/detect?min_score=0.6'",
                "  curl -F image=@photo.jpg 'http://127.0.0.1:8080/v1/blur?style=pixelate' -o blurred.png",
                "  retinaface serve --host 0.0.0.0 --api-key-file keys.txt --cors https://app.example"})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--workers", defaultValue = "2", description = "Detections at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--queue", defaultValue = "16",
            description = "Requests that may wait for a worker; more get 503 at once (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--memory-budget-mb", paramLabel = "MB",
            description = "Estimated decode + network memory of all admitted requests (default: 60% of the "
                    + "Java heap limit, at most 1024; e.g. 307 under -Xmx512m).")
    Long memoryBudgetMb;

    @Option(names = "--max-body-mb", defaultValue = "20", description = "Largest upload in MB (default: ${DEFAULT-VALUE}).")
    long maxBodyMb;

    @Option(names = "--idle-timeout-s", defaultValue = "10",
            description = "Close connections silent this long (default: ${DEFAULT-VALUE}).")
    int idleTimeoutS;

    @Option(names = "--body-timeout-s", defaultValue = "30",
            description = "Headers and body must each arrive within this time (default: ${DEFAULT-VALUE}).")
    int bodyTimeoutS;

    @Option(names = "--deadline-s", defaultValue = "30",
            description = "Longest wait for a worker before 503 (default: ${DEFAULT-VALUE}).")
    int deadlineS;

    @Option(names = "--worker-nice", defaultValue = "10",
            description = "CPU niceness of the detection threads, 0..19, so /health and 503s stay fast under load "
                    + "(default: ${DEFAULT-VALUE}).")
    int workerNice;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "Require 'Authorization: Bearer KEY' on /v1/*; one key per line.")
    Path apiKeyFile;

    @Option(names = "--cors", paramLabel = "ORIGIN", description = "Allow this browser origin (CORS is off otherwise).")
    String corsOrigin;

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) {
            System.setProperty("jdk.nio.maxCachedBufferSize", "262144");
        }
        List<String> keys = apiKeyFile == null ? List.of() : readKeys(apiKeyFile);
        if (!spec.commandLine().getParseResult().hasMatchedOption("--threads")) {
            // workers x inference threads within the cores: never more runnable detection threads than cores
            detectorOptions.threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
        }
        DetectorConfig detector = detectorOptions.detectorConfig();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--resize")) {
            detector = detector.withResize(new ResizePolicy.LongSide(1920));
        }
        ServiceConfig config = ServiceConfig.defaults().withHost(host).withPort(port).withWorkers(workers)
                .withQueueSize(queue).withMemoryBudgetBytes(budgetMb() << 20).withMaxBodyBytes(maxBodyMb << 20)
                .withMaxPixels(detectorOptions.maxPixels)
                .withTimeouts(Duration.ofSeconds(idleTimeoutS), Duration.ofSeconds(bodyTimeoutS),
                        Duration.ofSeconds(deadlineS))
                .withDetector(detector).withApiKeys(keys).withCorsOrigin(corsOrigin).withWorkerNice(workerNice);
        try (FaceModel model = detectorOptions.loadModel()) {
            Map<String, DetectorFactory> models = new LinkedHashMap<>();
            models.put(model.name(), model::detector);
            FaceService service;
            try {
                service = new FaceService(config, models).start();
            } catch (ServiceStartException e) {
                throw new IOException(e.getMessage(), e);
            }
            Thread hook = new Thread(service::close, "retinaface-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.printf("serving %s on http://%s:%d/ (%d workers, queue %d, memory budget %d MB%s); "
                            + "Ctrl-C or SIGTERM stops%n", model.name(), host, service.port(), workers, queue, budgetMb(),
                    keys.isEmpty() ? "" : ", API key required");
            service.awaitStopped();
        }
        return 0;
    }

    /** The budget asked for, else 60% of the heap limit (decoded pixels live on the heap), at most 1 GiB. */
    long budgetMb() {
        if (memoryBudgetMb != null) {
            return memoryBudgetMb;
        }
        return defaultBudgetMb(Runtime.getRuntime().maxMemory());
    }

    static long defaultBudgetMb(long maxHeapBytes) {
        return Math.max(64, Math.min(1024, (long) (maxHeapBytes * 0.6) >> 20));
    }

    private static List<String> readKeys(Path file) throws IOException {
        List<String> keys = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (keys.isEmpty()) {
            throw new IOException("The API key file " + file + " holds no key");
        }
        return keys;
    }
}
