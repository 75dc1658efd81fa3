package dev.retinaface.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retinaface.core.align.FaceAligner;
import dev.retinaface.core.anonymize.FaceAnonymizer;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.FaceAnnotator;
import dev.retinaface.core.io.DetectionJson;
import dev.retinaface.core.io.ImageDetections;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The face-detection HTTP service (Javalin on Jetty 12) on the {@link dev.retinaface.core.detect.FaceDetector}
 * interface. Routes: {@code POST /v1/detect}, {@code /v1/annotate}, {@code /v1/blur}, {@code /v1/align},
 * {@code GET /health}, {@code /ready}, {@code /metrics}, {@code /openapi.json}, the web page at {@code /} and the
 * webcam WebSocket {@code /v1/stream}. Bodies are read in full on the HTTP thread before admission; detection is
 * bounded by {@link AdmissionController}. {@link #close()} stops gracefully.
 */
public final class FaceService implements AutoCloseable {

    private static final Logger ACCESS = LoggerFactory.getLogger("retinaface.access");
    private static final Logger LOG = LoggerFactory.getLogger(FaceService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> API_ROUTES = Set.of("/v1/detect", "/v1/annotate", "/v1/blur", "/v1/align",
            "/v1/stream", "/health", "/ready", "/metrics", "/openapi.json", "/");
    private static final String START_NANOS = "retinaface.start";
    private static final String ERROR_CODE = "retinaface.error";

    private final ServiceConfig config;
    private final AdmissionController admission;
    private final ServiceMetrics metrics;
    private final DetectionEngine engine;
    private final DetectionWorkers workers;
    private final List<byte[]> apiKeyDigests;
    private final Javalin app;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final HeaderDeadline headerDeadline;
    private volatile boolean stopping;
    private boolean started;

    /**
     * @param models loaded models by name, the default first (a {@link LinkedHashMap}); {@code FaceModel::detector}
     */
    public FaceService(ServiceConfig config, Map<String, DetectorFactory> models) {
        this.config = config;
        this.admission = new AdmissionController(config.workers(), config.queueSize(), config.memoryBudgetBytes());
        this.metrics = new ServiceMetrics(admission);
        this.workers = new DetectionWorkers(config.workers(), config.workerNice());
        this.engine = new DetectionEngine(new LinkedHashMap<>(models), config, admission, metrics, workers);
        this.headerDeadline = new HeaderDeadline(config.bodyTimeout().toMillis());
        this.apiKeyDigests = config.apiKeys().stream().map(FaceService::digest).toList();
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            QueuedThreadPool pool = new QueuedThreadPool(256, 8);
            pool.setName("retinaface-http");
            cfg.jetty.threadPool = pool;
            cfg.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setMaxBinaryMessageSize(config.maxBodyBytes());
                ws.setIdleTimeout(Duration.ofMinutes(2));
            });
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/dev/retinaface/serve/web";
                s.location = Location.CLASSPATH;
            });
            cfg.requestLogger.http(this::logRequest);
            cfg.routes.before(this::before);
            cfg.routes.post("/v1/detect", imageRoute(this::detectJson));
            cfg.routes.post("/v1/annotate", imageRoute(this::annotate));
            cfg.routes.post("/v1/blur", imageRoute(this::blur));
            cfg.routes.post("/v1/align", imageRoute(this::align));
            cfg.routes.get("/health", ctx -> json(ctx, 200, Map.of("status", "ok")));
            cfg.routes.get("/ready", this::ready);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            cfg.routes.get("/openapi.json", ctx -> ctx.contentType("application/json")
                    .result(resource("openapi.json")));
            cfg.routes.ws("/v1/stream", ws -> new WebcamSocket(this).configure(ws));
            if (config.corsOrigin() != null) {
                for (String route : List.of("/v1/detect", "/v1/annotate", "/v1/blur", "/v1/align")) {
                    cfg.routes.options(route, ctx -> ctx.status(204)
                            .header("Access-Control-Allow-Methods", "POST, OPTIONS")
                            .header("Access-Control-Allow-Headers", "Authorization, Content-Type")
                            .header("Access-Control-Max-Age", "600"));
                }
            }
            cfg.routes.exception(ServiceException.class, (e, ctx) -> error(ctx, e));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, new ServiceException(500, "internal_error", "The service failed on this request."));
            });
            cfg.routes.error(404, ctx -> error(ctx,
                    new ServiceException(404, "not_found", "No such route: see /openapi.json.")));
            cfg.routes.error(405, ctx -> error(ctx, new ServiceException(405, "method_not_allowed",
                    "This route does not accept " + ctx.method() + "; see /openapi.json.")));
        });
    }

    /** Starts listening; the port is known afterwards. */
    public FaceService start() {
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new ServiceStartException("Cannot listen on " + config.host() + ":" + config.port()
                    + " (" + (e.getMessage() != null ? e.getMessage() : "address in use or not available") + ")", e);
        }
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof AbstractConnector connector) {
                connector.setIdleTimeout(config.idleTimeout().toMillis());
                connector.addEventListener(headerDeadline);
            }
        }
        started = true;
        return this;
    }

    /** The port listened on. */
    public int port() {
        return app.port();
    }

    /** True once started and until a stop begins, while the queue is not full. */
    public boolean isReady() {
        return started && !stopping && !admission.saturated();
    }

    /**
     * Graceful stop: stops accepting connections, answers new requests on open connections with 503, waits up to
     * the shutdown grace for requests in flight to finish, then stops the server.
     */
    @Override
    public void close() {
        if (stopping) {
            awaitStopped();
            return;
        }
        stopping = true;
        try {
            if (started) {
                for (Connector c : app.jettyServer().server().getConnectors()) {
                    if (c instanceof NetworkConnector nc) {
                        nc.close();
                    }
                }
                long end = System.nanoTime() + config.shutdownGrace().toNanos();
                while (metrics.httpInFlight().get() > 0 && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                admission.drain();
                Thread.sleep(200); // let the last responses leave their buffers
            }
            app.stop();
            headerDeadline.close();
            workers.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            app.stop();
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ServiceConfig config() {
        return config;
    }

    DetectionEngine engine() {
        return engine;
    }

    ServiceMetrics metrics() {
        return metrics;
    }

    boolean stopping() {
        return stopping;
    }

    // ---- request pipeline ----

    private void before(Context ctx) {
        String path = ctx.path();
        if (!path.equals("/v1/stream")) {
            ctx.attribute(START_NANOS, System.nanoTime());
            metrics.httpInFlight().incrementAndGet();
        }
        if (config.corsOrigin() != null) {
            ctx.header("Access-Control-Allow-Origin", config.corsOrigin());
            ctx.header("Vary", "Origin");
        }
        if (path.startsWith("/v1/") && !ctx.method().name().equals("OPTIONS")) {
            checkApiKey(ctx.header("Authorization"), ctx.queryParam("api_key"));
        }
    }

    /** Constant-time check of the bearer token; 401 when keys are configured and it does not match one. */
    void checkApiKey(String authorization, String queryKey) {
        if (apiKeyDigests.isEmpty()) {
            return;
        }
        String token = UploadParsing.bearerToken(authorization, queryKey);
        if (token != null) {
            byte[] given = digest(token);
            boolean ok = false;
            for (byte[] key : apiKeyDigests) {
                ok |= MessageDigest.isEqual(given, key);
            }
            if (ok) {
                return;
            }
        }
        throw new ServiceException(401, "unauthorized", "A valid API key is required (Authorization: Bearer KEY).");
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Responder {
        void respond(Context ctx, RequestOptions options, DetectionEngine.Result result) throws IOException;
    }

    private Handler imageRoute(Responder responder) {
        return ctx -> {
            if (stopping) {
                ctx.header("Connection", "close");
                throw new ServiceException(503, "shutting_down", "The service is shutting down.", 5);
            }
            RequestOptions options = RequestOptions.parse(ctx::queryParam, config.detector());
            if (admission.saturated()) {
                // refuse before decoding anything: the body is only drained (bounded), so the client, still
                // sending, gets its answer instead of a reset connection
                discardBody(ctx);
                throw new ServiceException(503, "overloaded", "The service is busy; try again shortly.", 1);
            }
            byte[] image = readImage(ctx);
            long start = ctx.attribute(START_NANOS);
            engine.process(image, options, start, result -> {
                try {
                    responder.respond(ctx, options, result);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        };
    }

    private void discardBody(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            long end = System.nanoTime() + config.bodyTimeout().toNanos();
            int n;
            while ((n = in.read(buffer)) > 0 && (total += n) <= config.maxBodyBytes() && System.nanoTime() < end) {
                // drained
            }
        } catch (IOException e) {
            // the client went away; nothing to drain
        }
    }

    private byte[] readImage(Context ctx) throws IOException {
        UploadParsing.multipart(ctx.contentType()); // 415 before the body is read
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = BodyReader.read(in, ctx.req().getContentLengthLong(), config.maxBodyBytes(),
                    config.bodyTimeout().toNanos());
        } catch (ServiceException e) {
            throw e;
        } catch (IOException e) {
            throw new ServiceException(408, "body_timeout", "The request body arrived too slowly or was cut off.");
        }
        return UploadParsing.image(ctx.contentType(), body);
    }

    private void detectJson(Context ctx, RequestOptions options, DetectionEngine.Result r) throws IOException {
        ObjectNode node = detectionNode(r, options.landmarks());
        ctx.header("X-Faces", Integer.toString(r.faces().size()));
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(node));
    }

    static ObjectNode detectionNode(DetectionEngine.Result r, boolean landmarks) {
        ObjectNode node = DetectionJson.toNode(new ImageDetections("upload", r.width(), r.height(), r.orientation(),
                r.faces()));
        if (!landmarks) {
            node.withArray("faces").forEach(f -> ((ObjectNode) f).remove("landmarks"));
        }
        return node;
    }

    private void annotate(Context ctx, RequestOptions options, DetectionEngine.Result r) throws IOException {
        BufferedImage drawn = FaceAnnotator.draw(r.image(), r.facesOnImage(), dev.retinaface.core.image.AnnotationStyle.defaults());
        image(ctx, drawn, options.format(), r.faces().size());
    }

    private void blur(Context ctx, RequestOptions options, DetectionEngine.Result r) throws IOException {
        BufferedImage masked = new FaceAnonymizer(options.anonymize()).apply(r.image(),
                r.facesOnImage().stream().map(Face::box).toList());
        image(ctx, masked, options.format(), r.faces().size());
    }

    private void align(Context ctx, RequestOptions options, DetectionEngine.Result r) throws IOException {
        FaceAligner aligner = new FaceAligner();
        ObjectNode node = detectionNode(r, true);
        node.put("crop_size", aligner.cropSize());
        ArrayNode faces = node.withArray("faces");
        List<Face> onImage = r.facesOnImage();
        for (int i = 0; i < onImage.size(); i++) {
            BufferedImage crop = aligner.align(r.image(), onImage.get(i));
            ((ObjectNode) faces.get(i)).put("crop_png", Base64.getEncoder().encodeToString(encode(crop, "png")));
        }
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(node));
    }

    private static void image(Context ctx, BufferedImage image, String format, int faces) throws IOException {
        ctx.header("X-Faces", Integer.toString(faces));
        ctx.contentType(format.equals("png") ? "image/png" : "image/jpeg").result(encode(image, format));
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no " + format + " writer");
        }
        return out.toByteArray();
    }

    private void ready(Context ctx) {
        if (isReady()) {
            json(ctx, 200, Map.of("status", "ready", "models", engine.modelNames()));
        } else {
            ctx.header("Retry-After", "1");
            json(ctx, 503, Map.of("error", stopping ? "The service is shutting down." : "The service is overloaded.",
                    "code", stopping ? "shutting_down" : "overloaded"));
        }
    }

    private static void error(Context ctx, ServiceException e) {
        ctx.attribute(ERROR_CODE, e.code());
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        json(ctx, e.status(), Map.of("error", e.getMessage(), "code", e.code()));
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void logRequest(Context ctx, Float ms) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request != null && !ctx.path().equals("/v1/stream")) {
            headerDeadline.requestCompleted(request.getConnectionMetaData().getConnection());
        }
        Long start = ctx.attribute(START_NANOS);
        if (start != null) {
            metrics.httpInFlight().decrementAndGet();
        }
        int status = ctx.statusCode();
        String path = ctx.path();
        String route = API_ROUTES.contains(path) ? path : status < 400 ? "static" : "unmatched";
        if (status >= 400) {
            String code = ctx.attribute(ERROR_CODE);
            metrics.rejected(code != null ? code : Integer.toString(status));
        }
        metrics.request(route, status, Duration.ofNanos((long) (ms * 1e6)));
        ACCESS.info("{} {} {} {} {}ms in={} out={} faces={}", ctx.ip(), ctx.method(), route, status,
                String.format(Locale.ROOT, "%.1f", ms), Math.max(0, ctx.req().getContentLengthLong()),
                ctx.res().getHeader("Content-Length") == null ? "-" : ctx.res().getHeader("Content-Length"),
                ctx.res().getHeader("X-Faces") == null ? "-" : ctx.res().getHeader("X-Faces"));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = FaceService.class.getResourceAsStream("/dev/retinaface/serve/" + name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    static long waitNanos(Duration d) {
        return TimeUnit.NANOSECONDS.convert(d);
    }
}
