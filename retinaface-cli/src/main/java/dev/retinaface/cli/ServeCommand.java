package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.cli.serve.DetectionServer;
import dev.retinaface.core.image.ImageLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code retinaface serve}: detection over HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve face detection over HTTP: POST an image file to /detect, get JSON back.",
        footer = {"", "Examples:",
                "  retinaface serve --port 8080",
                "  curl --data-binary @photo.jpg 'http://127.0.0.1:8080/detect?min_score=0.6'",
                "  curl http://127.0.0.1:8080/health"})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--workers", defaultValue = "2", description = "Request threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--max-body-mb", defaultValue = "50", description = "Largest accepted upload in MB (default: ${DEFAULT-VALUE}).")
    int maxBodyMb;

    @Override
    public Integer call() throws Exception {
        try (FaceModel model = detectorOptions.loadModel();
             DetectionServer server = new DetectionServer(model.detector(detectorOptions.detectorConfig()), model.name(),
                     new ImageLoader(detectorOptions.imageLoadConfig()),
                     host, port, workers, maxBodyMb * 1024L * 1024L)) {
            server.start();
            System.err.printf("serving %s on http://%s:%d/detect (Ctrl-C to stop)%n", model.name(), host,
                    server.port());
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
