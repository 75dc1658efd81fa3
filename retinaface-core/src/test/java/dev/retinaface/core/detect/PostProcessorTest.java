package dev.retinaface.core.detect;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostProcessorTest {

    /** One level, stride 16, one 16-pixel anchor: a 32 x 16 input has exactly two anchors, centred (8, 8) and (24, 8). */
    private static final PriorConfig TWO = new PriorConfig(new int[][] {{16}}, new int[] {16}, 0.1f, 0.2f);

    @Test
    void twoAnchorsWithZeroOffsetsGiveTheAnchorsInOriginalPixels() {
        PostProcessor post = new PostProcessor(TWO, DetectionConfig.defaults());
        List<Face> faces = post.process(new float[8], new float[] {0.6f, 0.9f}, new float[20], 16, 32, 2.0);
        assertEquals(2, faces.size());
        // higher score first; input pixels divided by the resize factor 2
        assertEquals(new Box(8, 0, 16, 8), faces.get(0).box());
        assertEquals(0.9f, faces.get(0).score());
        assertEquals(new Box(0, 0, 8, 8), faces.get(1).box());
        assertEquals(List.of(new Point(12, 4), new Point(12, 4), new Point(12, 4), new Point(12, 4), new Point(12, 4)),
                faces.get(0).landmarks());
    }

    @Test
    void scorePairsInBufferSlicesGiveTheSameFacesAsArrays() {
        float[] offsets = {0.5f, -0.25f, 0.1f, 0.3f, -10, 0, 0, 0};
        float[] marks = {1, -1, 2, 0.5f, 0, 0, 3, 1, -2, 2, /* anchor 1 */ 0, 1, 0, 0, 1, 0, 0, 0, 0, 0};
        PostProcessor post = new PostProcessor(TWO, DetectionConfig.defaults());
        List<Face> fromArrays = post.process(offsets, new float[] {0.7f, 0.8f}, marks, 16, 32, 1.5);
        // as a batch of two in one direct buffer per output, the image of interest second, scores as (bg, face)
        java.nio.FloatBuffer boxes = direct(new float[8], offsets).slice(8, 8);
        java.nio.FloatBuffer pairs = direct(new float[] {0.1f, 0.9f, 0.2f, 0.95f}, new float[] {0.3f, 0.7f, 0.2f, 0.8f})
                .slice(4, 4);
        java.nio.FloatBuffer landmarks = direct(new float[20], marks).slice(20, 20);
        assertEquals(fromArrays, post.process(boxes, pairs, 2, landmarks, 16, 32, 1.5));
        List<Face> noMarks = post.process(boxes, pairs, 2, null, 16, 32, 1.5);
        assertEquals(fromArrays.size(), noMarks.size());
        assertEquals(fromArrays.get(0).box(), noMarks.get(0).box());
        assertEquals(List.of(), noMarks.get(0).landmarks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> post.process(boxes, pairs.slice(0, 3), 2, landmarks, 16, 32, 1.5));
        assertTrue(e.getMessage().contains("scores"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> post.process(boxes, pairs, 0, landmarks, 16, 32, 1.5));
    }

    @Test
    void candidatesOnEitherSideOfAScanChunkAreFound() {
        int anchors = 3000; // one row of 16-pixel anchors, more than one scan chunk
        float[] pairs = new float[2 * anchors];
        int[] faces = {0, 2047, 2048, 2999};
        for (int i = 0; i < faces.length; i++) {
            pairs[2 * faces[i] + 1] = 0.9f - 0.1f * i;
        }
        PostProcessor post = new PostProcessor(TWO, DetectionConfig.defaults());
        List<Face> found = post.process(direct(new float[0], new float[4 * anchors]), direct(new float[0], pairs), 2,
                null, 16, 16 * anchors, 1.0);
        assertEquals(faces.length, found.size());
        for (int i = 0; i < faces.length; i++) {
            assertEquals(new Box(16 * faces[i], 0, 16 * faces[i] + 16, 16), found.get(i).box());
        }
    }

    private static java.nio.FloatBuffer direct(float[] first, float[] second) {
        return java.nio.ByteBuffer.allocateDirect((first.length + second.length) * 4)
                .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(first).put(second).flip();
    }

    @Test
    void thresholdTopKNmsAndKeepTopKApply() {
        // anchor 1 shifted left by one anchor width (-10 * 0.1 * 0.5 in normalised x) lands on anchor 0
        float[] offsets = {0, 0, 0, 0, -10, 0, 0, 0};
        float[] marks = {1, -1, 0, 0, 0, 0, 0, 0, 0, 0, /* anchor 1 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        PostProcessor post = new PostProcessor(TWO, DetectionConfig.defaults());
        List<Face> faces = post.process(offsets, new float[] {0.7f, 0.8f}, marks, 16, 32, 1.0);
        assertEquals(1, faces.size()); // the lower-scored duplicate is suppressed
        assertBox(new Box(0, 0, 16, 16), faces.get(0).box());
        assertEquals(0.8f, faces.get(0).score());

        faces = post.process(offsets, new float[] {0.9f, 0.8f}, marks, 16, 32, 1.0);
        assertEquals(1, faces.size());
        assertEquals(0.9f, faces.get(0).score());
        // landmark 0 of anchor 0: centre (8, 8) + (1, -1) * 0.1 * 16 pixels
        assertEquals(9.6f, faces.get(0).landmarks().get(0).x(), 1e-5f);
        assertEquals(6.4f, faces.get(0).landmarks().get(0).y(), 1e-5f);

        // score must be above the threshold: 0.5 itself is out
        assertEquals(List.of(), post.process(new float[8], new float[] {0.5f, 0.2f}, null, 16, 32, 1.0));
        // top-k before NMS and keep-top-k after
        PostProcessor topOne = new PostProcessor(TWO, DetectionConfig.defaults().withTopK(1));
        assertEquals(0.7f, topOne.process(new float[8], new float[] {0.6f, 0.7f}, null, 16, 32, 1.0).get(0).score());
        PostProcessor keepOne = new PostProcessor(TWO, DetectionConfig.defaults().withKeepTopK(1));
        assertEquals(1, keepOne.process(new float[8], new float[] {0.6f, 0.7f}, null, 16, 32, 1.0).size());
        // no landmark output: faces without landmarks
        assertTrue(post.process(new float[8], new float[] {0.6f, 0.7f}, null, 16, 32, 1.0).get(0).landmarks().isEmpty());
    }

    /**
     * 128 anchors of a 64 x 48 input (reference anchors) with offsets and scores from integer formulas, resize
     * factor 1.5, threshold 0.3: the expected faces come from a numpy emulation of detect.py (torch float32
     * decode, py_cpu_nms), 48 faces out of 89 candidates.
     */
    @Test
    void matchesNumpyEmulationOfDetectPy() throws IOException {
        int anchors = 128;
        float[] loc = new float[anchors * 4];
        for (int i = 0; i < loc.length; i++) {
            loc[i] = (float) ((i * 7919L % 1000) / 250.0 - 2);
        }
        float[] marks = new float[anchors * 10];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = (float) ((i * 6133L % 1000) / 200.0 - 2.5);
        }
        float[] scores = new float[anchors];
        for (int i = 0; i < anchors; i++) {
            scores[i] = (float) ((i * 729L % 1000) / 1000.0);
        }
        PostProcessor post = new PostProcessor(PriorConfig.reference(), DetectionConfig.defaults().withScoreThreshold(0.3f));
        List<Face> faces = post.process(loc, scores, marks, 48, 64, 1.5);

        List<float[]> expected = readExpected();
        assertEquals(expected.size(), faces.size());
        for (int k = 0; k < faces.size(); k++) {
            float[] e = expected.get(k);
            Face f = faces.get(k);
            String at = "face " + k;
            assertEquals(e[4], f.score(), 0f, at);
            assertEquals(e[0], f.box().x1(), 1e-4f, at);
            assertEquals(e[1], f.box().y1(), 1e-4f, at);
            assertEquals(e[2], f.box().x2(), 1e-4f, at);
            assertEquals(e[3], f.box().y2(), 1e-4f, at);
            for (int p = 0; p < 5; p++) {
                assertEquals(e[5 + 2 * p], f.landmarks().get(p).x(), 1e-4f, at);
                assertEquals(e[6 + 2 * p], f.landmarks().get(p).y(), 1e-4f, at);
            }
        }
    }

    @Test
    void rejectsOutputsOfTheWrongSize() {
        PostProcessor post = new PostProcessor(TWO, DetectionConfig.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> post.process(new float[12], new float[2], null, 16, 32, 1.0));
        assertTrue(e.getMessage().contains("box offsets: a 32x16 input has 2 anchors, so 8 floats were expected, got 12"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> post.process(new float[8], new float[3], null, 16, 32, 1.0));
        assertThrows(IllegalArgumentException.class, () -> post.process(new float[8], new float[2], new float[10], 16, 32, 1.0));
        assertThrows(IllegalArgumentException.class, () -> post.process(new float[8], new float[2], null, 16, 32, 0.0));
    }

    private static void assertBox(Box expected, Box actual) {
        assertEquals(expected.x1(), actual.x1(), 1e-5f, actual.toString());
        assertEquals(expected.y1(), actual.y1(), 1e-5f, actual.toString());
        assertEquals(expected.x2(), actual.x2(), 1e-5f, actual.toString());
        assertEquals(expected.y2(), actual.y2(), 1e-5f, actual.toString());
    }

    private static List<float[]> readExpected() throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                PostProcessorTest.class.getResourceAsStream("postprocess-64x48.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                float[] row = new float[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    row[i] = Float.parseFloat(parts[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
