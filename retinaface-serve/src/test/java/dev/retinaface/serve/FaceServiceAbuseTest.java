package dev.retinaface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retinaface.serve.bench.SyntheticImages;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service under abuse: slow clients, bombs, overload, keys, CORS, shutdown, port in use. */
class FaceServiceAbuseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<dev.retinaface.core.geometry.Face> slow(BufferedImage img, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ServiceHarness.middleFace(img);
    }

    /** A raw socket that sends the start of a request and then one byte per interval. */
    private static Thread trickle(int port, String head, long intervalMillis, AtomicReference<String> answer) {
        Thread t = new Thread(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                try {
                    for (int i = 0; i < 1000; i++) {
                        Thread.sleep(intervalMillis);
                        out.write('a');
                        out.flush();
                    }
                } catch (IOException e) {
                    // the server cut us off
                }
                InputStream in = s.getInputStream();
                byte[] buf = in.readNBytes(200);
                answer.set(new String(buf, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                answer.set("closed: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void slowHeaderAndSlowBodyClientsNeitherHoldWorkersNorDelayOthersAndAreCutOff() throws Exception {
        ServiceConfig config = ServiceConfig.defaults().withWorkers(1).withQueueSize(2)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(30));
        try (ServiceHarness h = new ServiceHarness(config, img -> slow(img, 100))) {
            byte[] png = SyntheticImages.card(320, 240, "png");
            long t0 = System.nanoTime();
            assertEquals(200, h.post("/v1/detect", png, "image/png").statusCode());
            long normal = System.nanoTime() - t0;

            AtomicReference<String> slowHeaders = new AtomicReference<>();
            AtomicReference<String> slowBody = new AtomicReference<>();
            Thread a = trickle(h.service.port(), "POST /v1/detect HTTP/1.1\r\nHost: x\r\nX-Slow: ", 500, slowHeaders);
            Thread b = trickle(h.service.port(), "POST /v1/detect HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 100000\r\n\r\n", 500, slowBody);
            Thread.sleep(1000);
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                HttpResponse<byte[]> r = h.post("/v1/detect", png, "image/png");
                long took = System.nanoTime() - start;
                assertEquals(200, r.statusCode());
                assertTrue(took < normal + 1_000_000_000L, "valid request took " + took / 1e6 + " ms while two clients trickle");
                assertEquals(200, h.get("/health").statusCode());
            }
            a.join(15_000);
            b.join(15_000);
            assertFalse(a.isAlive(), "slow-header client still held");
            assertFalse(b.isAlive(), "slow-body client still held");
            assertTrue(slowBody.get() == null || !slowBody.get().startsWith("HTTP/1.1 200"), slowBody.get());
            assertTrue(slowHeaders.get() == null || !slowHeaders.get().startsWith("HTTP/1.1 200"), slowHeaders.get());
        }
    }

    /** Reads one HTTP/1.1 response (head and Content-Length body) from a kept-alive connection; its status line. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return head.substring(0, head.indexOf("\r\n"));
    }

    /**
     * On a kept-alive connection, sends one whole request, then {@code second} followed by a byte every 200 ms;
     * returns how long the server took to cut the connection (ms), or -1 when it was still open after 12 s.
     */
    private static long secondRequestTrickled(int port, String first, String second) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(first.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertEquals("HTTP/1.1 200 OK", readResponse(in));
            long start = System.nanoTime();
            out.write(second.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                while (System.nanoTime() - start < 12_000_000_000L) {
                    Thread.sleep(200);
                    out.write('a');
                    out.flush();
                    if (in.available() > 0) {
                        String status = readResponse(in);
                        assertFalse(status.contains(" 200 "), status);
                    }
                }
                return -1;
            } catch (IOException e) {
                return (System.nanoTime() - start) / 1_000_000; // cut off (reset, or EOF while reading)
            }
        }
    }

    @Test
    void slowHeadersAndBodiesAreCutOffOnEveryRequestOfAKeptAliveConnection() throws Exception {
        ServiceConfig config = ServiceConfig.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30));
        try (ServiceHarness h = new ServiceHarness(config, ServiceHarness::middleFace)) {
            int port = h.service.port();
            String health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
            long headCut = secondRequestTrickled(port, health, "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            assertTrue(headCut >= 0, "slow headers of the 2nd request were never cut off");
            long bodyCut = secondRequestTrickled(port, health, "POST /v1/detect HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: image/png\r\nContent-Length: 100000\r\n\r\n");
            assertTrue(bodyCut >= 0, "a slow body of the 2nd request was never cut off");

            // a kept-alive connection that is merely quiet between requests (longer than the header deadline,
            // shorter than the idle timeout) is not cut: its next request is answered
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(health.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals("HTTP/1.1 200 OK", readResponse(s.getInputStream()));
                Thread.sleep(3000);
                out.write(health.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals("HTTP/1.1 200 OK", readResponse(s.getInputStream()));
            }
        }
    }

    @Test
    void theHeaderDeadlineNeverCutsARequestWhoseDetectionIsSlow() throws Exception {
        ServiceConfig config = ServiceConfig.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
        try (ServiceHarness h = new ServiceHarness(config, img -> slow(img, 2500))) {
            assertEquals(200, h.post("/v1/detect", SyntheticImages.card(64, 64, "png"), "image/png").statusCode());
        }
    }

    @Test
    void decompressionBombIsDecodedSubsampledAndAnsweredInFullResolutionCoordinates() throws Exception {
        AtomicInteger largestSeen = new AtomicInteger();
        try (ServiceHarness h = new ServiceHarness(ServiceConfig.defaults(), img -> {
            largestSeen.accumulateAndGet(img.getWidth(), Math::max);
            return ServiceHarness.middleFace(img);
        })) {
            byte[] bomb = SyntheticImages.bombPng(7000);
            assertTrue(bomb.length < 200_000, "bomb is " + bomb.length + " bytes");
            Runtime rt = Runtime.getRuntime();
            HttpResponse<byte[]> r = h.post("/v1/detect", bomb, "image/png");
            assertEquals(200, r.statusCode(), new String(r.body()));
            JsonNode node = JSON.readTree(r.body());
            assertEquals(7000, node.get("width").asInt());
            assertEquals(7000, node.get("height").asInt());
            // long:1920 shrinks by 3.6, so every 3rd pixel is decoded: 2334 wide, never 7000
            assertEquals(2334, largestSeen.get());
            JsonNode box = node.get("faces").get(0).get("box");
            assertEquals(0.25 * 7000, box.get(0).asDouble(), 3 * 2.0);
            assertEquals(0.75 * 7000, box.get(2).asDouble(), 3 * 2.0);
            // four at once stay within the memory budget: all are answered, none with 5xx other than 503
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> h.post("/v1/detect", bomb, "image/png")));
            }
            for (Future<HttpResponse<byte[]>> f : answers) {
                int status = f.get().statusCode();
                assertTrue(status == 200 || status == 503, "status " + status);
            }
            pool.shutdown();
            assertTrue(rt.totalMemory() - rt.freeMemory() < 2L << 30, "heap used stays under 2 GiB");
        }
    }

    @Test
    void overloadIsAnswered503WithRetryAfterAndNoConnectionIsLeftUnanswered() throws Exception {
        ServiceConfig config = ServiceConfig.defaults().withWorkers(1).withQueueSize(2);
        try (ServiceHarness h = new ServiceHarness(config, img -> slow(img, 300))) {
            byte[] png = SyntheticImages.card(320, 240, "png");
            int clients = 24;
            List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(ServiceHarness.CLIENT.sendAsync(HttpRequest.newBuilder(h.uri("/v1/detect"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "image/png")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            int ok = 0;
            int busy = 0;
            long healthStart = System.nanoTime();
            assertEquals(200, h.get("/health").statusCode());
            long healthMillis = (System.nanoTime() - healthStart) / 1_000_000;
            for (CompletableFuture<HttpResponse<byte[]>> f : answers) {
                HttpResponse<byte[]> r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(503, r.statusCode());
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                    assertEquals("overloaded", JSON.readTree(r.body()).get("code").asText());
                    busy++;
                }
            }
            assertEquals(clients, ok + busy);
            assertTrue(ok >= 1 && ok <= 6, ok + " admitted");
            assertTrue(busy >= clients - 6, busy + " refused");
            assertTrue(healthMillis < 1000, "/health took " + healthMillis + " ms under overload");
            String metrics = new String(h.get("/metrics").body(), StandardCharsets.UTF_8);
            assertTrue(metrics.contains("retinaface_rejected_requests_total{reason=\"overloaded\"}"), metrics);
        }
    }

    @Test
    void apiKeysAreRequiredOnTheApiButNotOnHealth() throws Exception {
        try (ServiceHarness h = new ServiceHarness(ServiceConfig.defaults().withApiKeys(List.of("s3cret", "other")),
                ServiceHarness::middleFace)) {
            byte[] png = SyntheticImages.card(64, 64, "png");
            HttpResponse<byte[]> none = h.post("/v1/detect", png, "image/png");
            assertEquals(401, none.statusCode());
            assertEquals("unauthorized", JSON.readTree(none.body()).get("code").asText());
            HttpResponse<byte[]> wrong = h.send(HttpRequest.newBuilder(h.uri("/v1/detect"))
                    .header("Authorization", "Bearer s3cre").POST(HttpRequest.BodyPublishers.ofByteArray(png)));
            assertEquals(401, wrong.statusCode());
            HttpResponse<byte[]> right = h.send(HttpRequest.newBuilder(h.uri("/v1/detect"))
                    .header("Authorization", "Bearer s3cret").POST(HttpRequest.BodyPublishers.ofByteArray(png)));
            assertEquals(200, right.statusCode());
            assertEquals(200, h.get("/health").statusCode());
        }
    }

    @Test
    void corsAllowsOnlyTheConfiguredOrigin() throws Exception {
        try (ServiceHarness h = new ServiceHarness(ServiceConfig.defaults().withCorsOrigin("https://app.example"),
                ServiceHarness::middleFace)) {
            HttpResponse<byte[]> pre = h.send(HttpRequest.newBuilder(h.uri("/v1/detect"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example"));
            assertEquals(204, pre.statusCode());
            assertEquals("https://app.example", pre.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        }
    }

    @Test
    void gracefulShutdownFinishesRequestsInFlightAndThenRefusesConnections() throws Exception {
        ServiceHarness h = new ServiceHarness(ServiceConfig.defaults(), img -> slow(img, 1500));
        int port = h.service.port();
        byte[] png = SyntheticImages.card(320, 240, "png");
        CompletableFuture<HttpResponse<byte[]>> inFlight = ServiceHarness.CLIENT.sendAsync(
                HttpRequest.newBuilder(h.uri("/v1/detect")).header("Content-Type", "image/png")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(400);
        long t0 = System.nanoTime();
        h.close();
        long closeMillis = (System.nanoTime() - t0) / 1_000_000;
        HttpResponse<byte[]> r = inFlight.get();
        assertEquals(200, r.statusCode(), "the request in flight was finished");
        assertEquals(1, JSON.readTree(r.body()).get("faces").size());
        assertTrue(closeMillis >= 500, "close waited for the request (" + closeMillis + " ms)");
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void aPortInUseIsNamedInTheError() {
        try (ServiceHarness h = new ServiceHarness(ServiceConfig.defaults(), ServiceHarness::middleFace)) {
            int port = h.service.port();
            FaceService second = new FaceService(ServiceConfig.defaults().withPort(port),
                    java.util.Map.of("m", c -> null));
            ServiceStartException e = assertThrows(ServiceStartException.class, second::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            second.close();
        }
    }
}
