package dev.retinaface.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP service on loopback: answers, thresholds and error statuses. */
class DetectionServerTest {

    private static FaceModel model;
    private static DetectionServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        model = FaceModel.load(ModelSource.file("mobilenet0.25", SharedData.resolve("weights/mobilenet0.25_Final.pth")),
                RuntimeConfig.defaults().withThreads(1));
        server = new DetectionServer(model.detector(), model.name(), new ImageLoader(), "127.0.0.1", 0, 2, 4_000_000);
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private static HttpResponse<String> post(String path, byte[] body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void detectsFacesOfAPostedImage() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedData.resolve("images/selfie.jpg"));
        HttpResponse<String> all = post("/detect", jpeg);
        assertEquals(200, all.statusCode(), all.body());
        JsonNode node = JSON.readTree(all.body());
        assertEquals(1024, node.get("width").asInt());
        int faces = node.get("faces").size();
        assertTrue(faces >= 20, all.body());
        JsonNode first = node.get("faces").get(0);
        assertEquals(4, first.get("box").size());
        assertEquals(5, first.get("landmarks").size());

        HttpResponse<String> strict = post("/detect?min_score=0.99", jpeg);
        int strictFaces = JSON.readTree(strict.body()).get("faces").size();
        assertTrue(strictFaces > 0 && strictFaces < faces, strictFaces + " vs " + faces);
    }

    @Test
    void badRequestsGetClearStatuses() throws Exception {
        HttpResponse<String> junk = post("/detect", "not an image".getBytes());
        assertEquals(400, junk.statusCode());
        assertTrue(JSON.readTree(junk.body()).get("error").asText().contains("not an image"), junk.body());

        assertEquals(413, post("/detect", new byte[5_000_000]).statusCode());
        assertEquals(400, post("/detect?min_score=high", Files.readAllBytes(SharedData.resolve("images/selfie.jpg"))).statusCode());

        HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/detect")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());

        HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("mobilenet0.25", JSON.readTree(health.body()).get("model").asText());
    }
}
