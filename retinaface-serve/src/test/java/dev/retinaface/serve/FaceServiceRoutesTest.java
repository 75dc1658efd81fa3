package dev.retinaface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retinaface.serve.bench.SyntheticImages;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route and every error status of the service, over loopback HTTP with a stand-in detector. */
class FaceServiceRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServiceHarness harness;
    private static byte[] png;

    @BeforeAll
    static void start() throws Exception {
        harness = new ServiceHarness(ServiceConfig.defaults().withMaxBodyBytes(2_000_000).withMaxPixels(30_000_000),
                img -> {
                    if (img.getWidth() == 333) {
                        throw new IllegalStateException("boom at ImageLoadConfig.withMaxPixels");
                    }
                    return ServiceHarness.middleFace(img);
                });
        png = SyntheticImages.card(320, 240, "png");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** An error answer: the status, JSON {"error","code"} with the code, in the service's own words. */
    private static void assertError(HttpResponse<byte[]> r, int status, String code) throws Exception {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.statusCode(), body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), body);
        JsonNode node = JSON.readTree(body);
        assertEquals(code, node.get("code").asText(), body);
        assertFalse(node.get("error").asText().isBlank());
        assertEquals(2, node.size(), body);
        for (String leak : List.of("withMaxPixels", "ImageLoadConfig", "Exception", "java.", "/work", "/tmp")) {
            assertFalse(body.contains(leak), "error leaks '" + leak + "': " + body);
        }
    }

    @Test
    void detectAnswersTheReferenceSchemaFromARawBody() throws Exception {
        HttpResponse<byte[]> r = harness.post("/v1/detect?min_score=0.3", png, "image/png");
        assertEquals(200, r.statusCode());
        JsonNode node = json(r);
        assertEquals(320, node.get("width").asInt());
        assertEquals(240, node.get("height").asInt());
        assertEquals(1, node.get("orientation").asInt());
        JsonNode face = node.get("faces").get(0);
        assertEquals(80.0, face.get("box").get(0).asDouble(), 1e-3);
        assertEquals(180.0, face.get("box").get(3).asDouble(), 1e-3);
        assertEquals(0.99, face.get("score").asDouble(), 1e-6);
        assertEquals(5, face.get("landmarks").size());
    }

    @Test
    void detectWithoutLandmarksAndWithAnotherModel() throws Exception {
        JsonNode noMarks = json(harness.post("/v1/detect?landmarks=false", png, "image/png"));
        assertFalse(noMarks.get("faces").get(0).has("landmarks"));
        JsonNode other = json(harness.post("/v1/detect?model=other", png, "application/octet-stream"));
        assertEquals(0, other.get("faces").size());
    }

    @Test
    void detectAcceptsMultipartFieldImage() throws Exception {
        String boundary = "----retinafaceTestBoundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        body.write(png);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        HttpResponse<byte[]> r = harness.post("/v1/detect", body.toByteArray(),
                "multipart/form-data; boundary=" + boundary);
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals(320, json(r).get("width").asInt());

        byte[] noImage = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nxx\r\n--"
                + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertError(harness.post("/v1/detect", noImage, "multipart/form-data; boundary=" + boundary), 400,
                "missing_image");
    }

    @Test
    void annotateReturnsAnImageOfTheSameSizeInEitherFormat() throws Exception {
        HttpResponse<byte[]> r = harness.post("/v1/annotate", png, "image/png");
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(320, drawn.getWidth());
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(png));
        assertNotEquals(original.getRGB(80, 120), drawn.getRGB(80, 120), "box edge drawn");
        HttpResponse<byte[]> jpeg = harness.post("/v1/annotate?format=jpeg", png, "image/png");
        assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElse(""));
        assertEquals(240, ImageIO.read(new ByteArrayInputStream(jpeg.body())).getHeight());
    }

    @Test
    void blurChangesTheFaceAndNothingFarOutside() throws Exception {
        HttpResponse<byte[]> r = harness.post("/v1/blur?style=solid&margin=0", png, "image/png");
        assertEquals(200, r.statusCode());
        assertEquals("1", r.headers().firstValue("X-Faces").orElse(""));
        BufferedImage masked = ImageIO.read(new ByteArrayInputStream(r.body()));
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(png));
        assertNotEquals(original.getRGB(200, 150), masked.getRGB(200, 150), "inside the face");
        assertEquals(original.getRGB(5, 5), masked.getRGB(5, 5), "outside the face");
        assertError(harness.post("/v1/blur?style=swirl", png, "image/png"), 400, "bad_parameter");
    }

    @Test
    void alignReturnsOneCropOf112PerFace() throws Exception {
        HttpResponse<byte[]> r = harness.post("/v1/align", png, "image/png");
        assertEquals(200, r.statusCode());
        JsonNode node = json(r);
        assertEquals(112, node.get("crop_size").asInt());
        byte[] crop = Base64.getDecoder().decode(node.get("faces").get(0).get("crop_png").asText());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(crop));
        assertEquals(112, image.getWidth());
        assertEquals(112, image.getHeight());
    }

    @Test
    void healthReadyMetricsAndOpenApi() throws Exception {
        assertEquals("ok", json(harness.get("/health")).get("status").asText());
        JsonNode ready = json(harness.get("/ready"));
        assertEquals("ready", ready.get("status").asText());
        assertEquals("stand-in", ready.get("models").get(0).asText());
        harness.post("/v1/detect", png, "image/png");
        harness.post("/v1/detect?min_score=x", png, "image/png");
        String metrics = new String(harness.get("/metrics").body(), StandardCharsets.UTF_8);
        for (String name : List.of("retinaface_http_requests_seconds_bucket", "route=\"/v1/detect\"", "status=\"200\"",
                "status=\"400\"", "retinaface_queue_depth", "retinaface_detections_in_flight",
                "retinaface_faces_per_image", "retinaface_decoded_bytes", "retinaface_rejected_requests_total{reason=\"bad_parameter\"")) {
            assertTrue(metrics.contains(name), name + " missing from /metrics");
        }
        JsonNode api = json(harness.get("/openapi.json"));
        assertTrue(api.get("openapi").asText().startsWith("3."));
        for (String path : List.of("/v1/detect", "/v1/annotate", "/v1/blur", "/v1/align", "/health", "/ready", "/metrics")) {
            assertTrue(api.get("paths").has(path), path + " documented");
        }
        HttpResponse<byte[]> page = harness.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("<canvas"));
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() throws Exception {
        assertError(harness.post("/detectXYZ", png, "image/png"), 404, "not_found");
        assertError(harness.post("/v1/detectXYZ", png, "image/png"), 404, "not_found");
        assertError(harness.get("/v2/detect"), 404, "not_found");
        assertError(harness.send(java.net.http.HttpRequest.newBuilder(harness.uri("/health")).DELETE()), 405,
                "method_not_allowed");
        assertError(harness.get("/v1/detect"), 405, "method_not_allowed");
    }

    @Test
    void badParametersAre400() throws Exception {
        assertError(harness.post("/v1/detect?min_score=abc", png, "image/png"), 400, "bad_parameter");
        assertError(harness.post("/v1/detect?min_score=2", png, "image/png"), 400, "bad_parameter");
        assertError(harness.post("/v1/detect?min_score=1", png, "image/png"), 400, "bad_parameter"); // found by fuzzing: was 500
        assertError(harness.post("/v1/detect?resize=huge", png, "image/png"), 400, "bad_parameter");
        assertError(harness.post("/v1/detect?tta=magic", png, "image/png"), 400, "bad_parameter");
        assertError(harness.post("/v1/detect?landmarks=maybe", png, "image/png"), 400, "bad_parameter");
        assertError(harness.post("/v1/detect?model=/etc/passwd", png, "image/png"), 400, "unknown_model");
        assertError(harness.post("/v1/detect", new byte[0], "image/png"), 400, "empty_body");
    }

    @Test
    void oversizedBodiesAndImagesAre413() throws Exception {
        // refused on its Content-Length, before a byte of the body is read
        String[] tooLong = harness.postHeadOnly("/v1/detect", "image/png", 2_500_000);
        assertTrue(tooLong[0].startsWith("HTTP/1.1 413"), tooLong[0]);
        assertTrue(tooLong[1].contains("\"body_too_large\""), tooLong[1]);
        byte[] big = SyntheticImages.bombPng(6000);
        assertError(harness.post("/v1/detect", big, "image/png"), 413, "image_too_large");
        byte[] bomb = SyntheticImages.bombPng(5000);
        assertError(harness.post("/v1/detect?resize=original", bomb, "image/png"), 413, "image_needs_too_much_memory");
    }

    @Test
    void wrongMediaTypesAre415AndCorruptImages422() throws Exception {
        assertError(harness.post("/v1/detect", png, "application/json"), 415, "unsupported_media_type");
        assertError(harness.post("/v1/detect", "hello, not an image".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream"), 415, "unsupported_image");
        assertError(harness.post("/v1/detect", java.util.Arrays.copyOf(png, png.length / 2), "image/png"), 422,
                "corrupt_image");
    }

    @Test
    void detectorFailuresAre500WithoutDetails() throws Exception {
        assertError(harness.post("/v1/detect", SyntheticImages.card(333, 100, "png"), "image/png"), 500,
                "internal_error");
    }

    @Test
    void corsHeadersAreAbsentUnlessConfigured() throws Exception {
        HttpResponse<byte[]> r = harness.send(HttpRequest.newBuilder(harness.uri("/v1/detect"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofByteArray(png)));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
}
