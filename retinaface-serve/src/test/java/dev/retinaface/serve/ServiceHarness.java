package dev.retinaface.serve;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.core.testsupport.FunctionDetector;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A service on a free loopback port with a stand-in detector, and a java.net.http client for it. */
final class ServiceHarness implements AutoCloseable {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final FaceService service;

    ServiceHarness(ServiceConfig config, Function<BufferedImage, List<Face>> faces) {
        Map<String, DetectorFactory> models = new LinkedHashMap<>();
        models.put("stand-in", c -> new FunctionDetector(c, faces));
        models.put("other", c -> new FunctionDetector(c, img -> List.of()));
        service = new FaceService(config.withPort(0), models).start();
    }

    /** One face covering the middle half of the image it is given. */
    static List<Face> middleFace(BufferedImage image) {
        float w = image.getWidth();
        float h = image.getHeight();
        List<Point> marks = List.of(new Point(0.4f * w, 0.4f * h), new Point(0.6f * w, 0.4f * h),
                new Point(0.5f * w, 0.5f * h), new Point(0.42f * w, 0.62f * h), new Point(0.58f * w, 0.62f * h));
        return List.of(new Face(new Box(0.25f * w, 0.25f * h, 0.75f * w, 0.75f * h), 0.99f, marks));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + service.port() + pathAndQuery);
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> post(String pathAndQuery, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    /**
     * Sends only the head of a POST announcing {@code contentLength} bytes, over a raw socket, and reads the answer:
     * the status line, then the body. (A java.net.http client sending a body the server refuses before reading it
     * may see the connection close under its upload instead of the answer.)
     */
    String[] postHeadOnly(String pathAndQuery, String contentType, long contentLength) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(30_000);
            String head = "POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + contentLength + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int endOfHead = answer.indexOf("\r\n\r\n");
            String statusLine = answer.substring(0, Math.max(0, answer.indexOf("\r\n")));
            return new String[] {statusLine, endOfHead < 0 ? "" : answer.substring(endOfHead + 4)};
        }
    }

    HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    @Override
    public void close() {
        service.close();
    }
}
