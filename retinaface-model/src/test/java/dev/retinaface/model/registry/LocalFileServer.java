package dev.retinaface.model.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1 (random port) for download tests. Paths:
 * {@code /file} the payload; {@code /missing} 404; {@code /page} an HTML page; {@code /stall} announces the
 * payload, sends half and then stops sending; {@code /truncated} sends half without a length and closes.
 */
final class LocalFileServer implements AutoCloseable {

    private final HttpServer server;
    private final byte[] payload;
    private final CountDownLatch release = new CountDownLatch(1);

    LocalFileServer(byte[] payload) throws IOException {
        this.payload = payload.clone();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/file", ex -> send(ex, 200, "application/octet-stream", this.payload));
        server.createContext("/missing", ex -> send(ex, 404, "text/plain", "not here".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/page", ex -> send(ex, 200, "text/html; charset=utf-8",
                "<html><body>Please confirm the download</body></html>".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/stall", this::stall);
        server.createContext("/truncated", this::truncated);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-file-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** A deterministic pseudo-random payload of {@code size} bytes. */
    static byte[] payload(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void stall(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, payload.length);
            OutputStream out = ex.getResponseBody();
            out.write(payload, 0, payload.length / 2);
            out.flush();
            release.await(30, TimeUnit.SECONDS); // hold the connection open without sending more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void truncated(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, 0); // chunked: no length announced
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload, 0, payload.length / 2);
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
