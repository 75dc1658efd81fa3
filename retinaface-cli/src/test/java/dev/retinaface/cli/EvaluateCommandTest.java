package dev.retinaface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code retinaface evaluate --predictions}: scores, outputs and bad input, through {@link Main#run}. */
class EvaluateCommandTest {

    private static final String REFERENCE = "reference/widerface_val_predictions";
    private static final String GT = "widerface/eval_tools/ground_truth";

    @TempDir
    Path tmp;

    @Test
    void referencePredictionsGiveTheReferenceApsJsonAndPlot() throws IOException {
        Path predictions = SharedData.resolve(REFERENCE);
        Path gt = SharedData.resolve(GT);
        Path json = tmp.resolve("out/ap.json");
        Path png = tmp.resolve("pr.png");

        CapturedRun run = CapturedRun.of("evaluate", "--predictions", predictions.toString(), "--gt", gt.toString(),
                "--json", json.toString(), "--plot", png.toString(), "--overlay", "again=" + predictions);

        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(0.9031, root.get("easy").asDouble(), 5e-5);
        assertEquals(0.8744, root.get("medium").asDouble(), 5e-5);
        assertEquals(0.7081, root.get("hard").asDouble(), 5e-5);
        assertEquals(257, root.get("images").asInt());
        assertEquals(1, root.get("overlays").size());
        assertEquals("again", root.get("overlays").get(0).get("label").asText());
        assertEquals(0.7081, root.get("overlays").get(0).get("hard").asDouble(), 5e-5);
        assertTrue(run.out().contains("0.9031  0.8744  0.7081  257"), run.out());
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG");
    }

    @Test
    void missingImagesFolderIsOneLine() {
        Path gt = SharedData.resolve(GT);
        Path missing = tmp.resolve("no-such-images");
        CapturedRun run = CapturedRun.of("evaluate", "--images", missing.toString(), "--gt", gt.toString());
        assertUserError(run, "images folder not found: " + missing);
    }

    @Test
    void malformedPredictionLineNamesFileAndLine() throws IOException {
        Path gt = SharedData.resolve(GT);
        Path dir = copyReference(3);
        Path victim = firstFile(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(victim));
        lines.set(3, "12 34 five 6 0.9");
        Files.write(victim, lines);

        CapturedRun run = CapturedRun.of("evaluate", "--predictions", dir.toString(), "--gt", gt.toString());

        assertUserError(run, victim + ":4:");
    }

    @Test
    void predictionsForImagesOutsideTheGroundTruthAreRefused() throws IOException {
        Path gt = SharedData.resolve(GT);
        Path dir = copyReference(2);
        Path stray = dir.resolve("0--Parade/not_a_wider_image.txt");
        Files.writeString(stray, "not_a_wider_image\n1\n1 2 3 4 0.5\n");

        CapturedRun run = CapturedRun.of("evaluate", "--predictions", dir.toString(), "--gt", gt.toString());

        assertUserError(run, "not in the ground truth");
        assertTrue(run.err().contains("0--Parade/not_a_wider_image"), run.err());
    }

    @Test
    void wrongGroundTruthFolderIsOneLine() throws IOException {
        Path predictions = SharedData.resolve(REFERENCE);
        Path emptyGt = Files.createDirectories(tmp.resolve("gt"));
        CapturedRun run = CapturedRun.of("evaluate", "--predictions", predictions.toString(), "--gt", emptyGt.toString());
        assertUserError(run, "ground truth file missing: " + emptyGt.resolve("wider_face_val.mat"));
    }

    @Test
    void needsExactlyOneOfImagesAndPredictions() {
        Path gt = SharedData.resolve(GT);
        assertUserError(CapturedRun.of("evaluate", "--gt", gt.toString()), "neither");
        assertUserError(CapturedRun.of("evaluate", "--gt", gt.toString(), "--images", "a", "--predictions", "b"), "both");
    }

    private static void assertUserError(CapturedRun run, String expected) {
        assertEquals(2, run.exitCode(), run.err());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line, no stack trace:\n" + run.err());
        assertTrue(lines.get(0).startsWith("retinaface evaluate: "), lines.get(0));
        assertTrue(lines.get(0).contains(expected), lines.get(0));
        assertFalse(run.err().contains("\tat "), run.err());
    }

    /** The first {@code n} reference prediction files of 0--Parade, in a temporary prediction folder. */
    private Path copyReference(int n) throws IOException {
        Path source = SharedData.resolve(REFERENCE).resolve("0--Parade");
        Path dir = Files.createDirectories(tmp.resolve("pred/0--Parade")).getParent();
        try (var files = Files.list(source)) {
            for (Path f : files.sorted().limit(n).toList()) {
                Files.copy(f, dir.resolve("0--Parade").resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static Path firstFile(Path dir) throws IOException {
        try (var files = Files.list(dir.resolve("0--Parade"))) {
            return files.sorted().findFirst().orElseThrow();
        }
    }
}
