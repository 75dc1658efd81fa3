package dev.retinaface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.eval.widerface.WiderGroundTruth;
import dev.retinaface.eval.widerface.WiderImageId;
import dev.retinaface.eval.widerface.WiderSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code retinaface evaluate --weights --images} on three val images: the prediction layout, that only those images
 * are scored, and that the scores equal those of the reference detector's predictions for the same images.
 */
class EvaluateEndToEndTest {

    private static final String EVENT = "0--Parade";

    @TempDir
    Path tmp;

    @Test
    void detectsWritesTheOfficialLayoutAndScoresOnlyTheImagesPresent() throws IOException {
        Path weights = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        Path gt = SharedData.resolve("widerface/eval_tools/ground_truth");
        Path valEvent = SharedData.resolve("widerface/WIDER_val/images/" + EVENT);
        Path referenceEvent = SharedData.resolve("reference/widerface_val_predictions/" + EVENT);
        List<Path> picked;
        try (Stream<Path> files = Files.list(valEvent)) {
            picked = files.sorted().limit(3).toList();
        }
        Path images = Files.createDirectories(tmp.resolve("images/" + EVENT)).getParent();
        Path reference = Files.createDirectories(tmp.resolve("reference/" + EVENT)).getParent();
        for (Path image : picked) {
            Files.copy(image, images.resolve(EVENT).resolve(image.getFileName()));
            String txt = stem(image) + ".txt";
            Files.copy(referenceEvent.resolve(txt), reference.resolve(EVENT).resolve(txt));
        }
        Files.writeString(images.resolve("README.txt"), "files beside the event folders are ignored");
        Path predictions = tmp.resolve("pred");
        Path json = tmp.resolve("ours.json");
        Path referenceJson = tmp.resolve("reference.json");

        CapturedRun run = CapturedRun.of("evaluate", "-q", "--weights", weights.toString(), "--images", images.toString(),
                "--gt", gt.toString(), "--output", predictions.toString(), "--json", json.toString(), "--workers", "2");
        CapturedRun referenceRun = CapturedRun.of("evaluate", "--predictions", reference.toString(), "--gt", gt.toString(),
                "--json", referenceJson.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(0, referenceRun.exitCode(), referenceRun.err());
        try (Stream<Path> written = Files.list(predictions)) {
            assertEquals(List.of(EVENT), written.map(p -> p.getFileName().toString()).toList());
        }
        WiderGroundTruth truth = WiderGroundTruth.load(gt);
        int counted = 0;
        for (Path image : picked) {
            Path txt = predictions.resolve(EVENT).resolve(stem(image) + ".txt");
            List<String> lines = Files.readAllLines(txt);
            assertEquals(stem(image), lines.get(0), "first line: the image name");
            int n = Integer.parseInt(lines.get(1).strip());
            assertEquals(n + 2, lines.size(), "second line: the number of boxes, then one line each");
            assertTrue(n > 0, txt + " has faces");
            for (String box : lines.subList(2, lines.size())) {
                String[] v = box.strip().split(" ");
                assertEquals(5, v.length, box);
                assertTrue(Double.parseDouble(v[4]) > 0.02, "score above 0.02: " + box);
            }
            counted += truth.image(new WiderImageId(EVENT, stem(image))).orElseThrow().countedFaces(WiderSetting.HARD);
        }
        JsonNode ours = new ObjectMapper().readTree(json.toFile());
        JsonNode theirs = new ObjectMapper().readTree(referenceJson.toFile());
        assertEquals(3, ours.get("images").asInt());
        assertEquals(counted, ours.get("faces").get("hard").asInt(), "only the three images' faces are counted");
        for (String setting : List.of("easy", "medium", "hard")) {
            assertEquals(theirs.get(setting).asDouble(), ours.get(setting).asDouble(), 2e-3, setting);
        }
        assertEquals(2, ours.get("run").get("workers").asInt());
        assertEquals(0.02, ours.get("run").get("min_score").asDouble(), 1e-6);
    }

    private static String stem(Path image) {
        String name = image.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
