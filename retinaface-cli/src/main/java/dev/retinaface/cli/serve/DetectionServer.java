package dev.retinaface.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoadException;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.LoadedImage;
import dev.retinaface.core.io.DetectionJson;
import dev.retinaface.core.io.ImageDetections;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP service in front of a {@link FaceDetector} (JDK HTTP server, no framework):
 * <ul>
 *   <li>{@code POST /detect} with the image file as the request body: the faces as JSON (reference schema);
 *       {@code ?min_score=S} raises the detector's threshold for this request</li>
 *   <li>{@code GET /health}: {@code {"status":"ok","model":...}}</li>
 * </ul>
 * Bad images answer 400, oversized bodies 413, other methods 405; errors are JSON {@code {"error": "..."}}.
 */
public final class DetectionServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers;
    private final FaceDetector detector;
    private final String modelName;
    private final ImageLoader loader;
    private final long maxBodyBytes;

    /**
     * @param detector     the detector (thread-safe)
     * @param modelName    the model's name, reported by {@code /health}
     * @param host         address to bind, e.g. 127.0.0.1
     * @param port         port, 0 for any free one
     * @param workers      request threads
     * @param maxBodyBytes largest accepted image file
     */
    public DetectionServer(FaceDetector detector, String modelName, ImageLoader loader, String host, int port, int workers, long maxBodyBytes)
            throws IOException {
        this.detector = detector;
        this.modelName = modelName;
        this.loader = loader;
        this.maxBodyBytes = maxBodyBytes;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.workers = Executors.newFixedThreadPool(workers);
        server.setExecutor(this.workers);
        server.createContext("/detect", this::detect);
        server.createContext("/health", this::health);
    }

    public void start() {
        server.start();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange ex) throws IOException {
        try (ex) {
            send(ex, 200, "{\"status\":\"ok\",\"model\":\"" + modelName + "\"}");
        }
    }

    private void detect(HttpExchange ex) throws IOException {
        // not try-with-resources: the error answers below need the exchange still open
        try {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "POST");
                sendError(ex, 405, "use POST with the image file as the body");
                return;
            }
            byte[] body = readBody(ex.getRequestBody());
            if (body == null) {
                sendError(ex, 413, "image larger than " + maxBodyBytes + " bytes");
                return;
            }
            float minScore = queryFloat(ex, "min_score", detector.config().minScore());
            String name = ex.getRequestHeaders().getFirst("X-Filename");
            LoadedImage image = loader.load(body, name == null ? "upload" : name);
            List<Face> faces = detector.detect(image.image()).stream().filter(f -> f.score() >= minScore).toList();
            ImageDetections result = new ImageDetections(image.source(), image.width(), image.height(),
                    image.exifOrientation(), faces);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            DetectionJson.write(List.of(result), json);
            send(ex, 200, json.toString(StandardCharsets.UTF_8));
        } catch (ImageLoadException | IllegalArgumentException e) {
            sendError(ex, 400, e.getMessage());
        } catch (RuntimeException e) {
            sendError(ex, 500, "detection failed: " + e.getMessage());
        } finally {
            ex.close();
        }
    }

    private byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        long total = 0;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total <= maxBodyBytes) {
                out.write(buffer, 0, n);
            } else if (total > 4 * maxBodyBytes) {
                break; // stop draining a huge upload; the client sees the connection close
            }
        }
        // an oversized body is drained (up to a bound) so the client can read the 413 answer
        return total <= maxBodyBytes ? out.toByteArray() : null;
    }

    private static float queryFloat(HttpExchange ex, String key, float fallback) {
        String query = ex.getRequestURI().getQuery();
        if (query == null) {
            return fallback;
        }
        for (String part : query.split("&")) {
            if (part.startsWith(key + "=")) {
                try {
                    return Float.parseFloat(part.substring(key.length() + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a number, got '" + part.substring(key.length() + 1) + "'");
                }
            }
        }
        return fallback;
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        String escaped = String.valueOf(message).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        send(ex, status, "{\"error\":\"" + escaped + "\"}");
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }
}
