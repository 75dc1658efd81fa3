package dev.retinaface.core.boxes;

import dev.retinaface.core.anchors.PriorBoxes;
import dev.retinaface.core.anchors.PriorConfig;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxCoderTest {

    private final BoxCoder coder = BoxCoder.of(PriorConfig.reference());
    private final float[] prior = {0.3f, 0.6f, 0.05f, 0.1f};

    @Test
    void decodesABoxLikeTorchFloat32() {
        // expected: box_utils.decode emulated in numpy float32
        float[] box = coder.decodeBoxes(new float[] {1.5f, -0.5f, 0.7f, -1.2f}, prior);
        assertArrayEquals(new float[] {0.2787431478500366f, 0.5556686520576477f, 0.33625683188438416f, 0.634331464767456f},
                box, 1e-7f);
    }

    @Test
    void decodesLandmarksLikeTorchFloat32() {
        float[] marks = coder.decodeLandmarks(new float[] {0.5f, -0.5f, 1, 2, -3, 0.25f, 0, 0, -1, 1}, prior);
        assertArrayEquals(new float[] {0.30250000953674316f, 0.5950000286102295f, 0.3050000071525574f, 0.6200000047683716f,
                0.2850000262260437f, 0.6025000214576721f, 0.30000001192092896f, 0.6000000238418579f,
                0.29500001668930054f, 0.6100000143051147f}, marks, 0f);
    }

    @Test
    void zeroOffsetsDecodeToTheAnchorItself() {
        float[] box = coder.decodeBoxes(new float[4], prior);
        assertArrayEquals(new float[] {0.275f, 0.55f, 0.325f, 0.65f}, box, 1e-7f);
    }

    @Test
    void encodeThenDecodeReturnsTheBoxesAndLandmarks() {
        float[] priors = PriorBoxes.generate(PriorConfig.reference(), 64, 96);
        int anchors = priors.length / 4;
        Random random = new Random(7);
        float[] corners = new float[anchors * 4];
        float[] landmarks = new float[anchors * 10];
        for (int a = 0; a < anchors; a++) {
            float x1 = random.nextFloat() * 0.8f;
            float y1 = random.nextFloat() * 0.8f;
            corners[4 * a] = x1;
            corners[4 * a + 1] = y1;
            corners[4 * a + 2] = x1 + 0.01f + random.nextFloat() * 0.2f;
            corners[4 * a + 3] = y1 + 0.01f + random.nextFloat() * 0.2f;
            for (int k = 0; k < 10; k++) {
                landmarks[10 * a + k] = random.nextFloat();
            }
        }
        float[] encoded = coder.encodeBoxes(corners, priors);
        assertArrayEquals(corners, coder.decodeBoxes(encoded, priors), 2e-6f);
        assertArrayEquals(landmarks, coder.decodeLandmarks(coder.encodeLandmarks(landmarks, priors), priors), 2e-6f);
    }

    @Test
    void encodesAKnownTarget() {
        // ground truth = the anchor shifted by half its width, twice as wide: (0.5 / 0.1, 0, log 2 / 0.2, 0)
        float[] target = coder.encodeBoxes(new float[] {0.275f, 0.55f, 0.375f, 0.65f}, prior);
        assertEquals(5f, target[0], 1e-5f);
        assertEquals(0f, target[1], 1e-5f);
        assertEquals((float) (Math.log(2) / 0.2), target[2], 1e-5f);
        assertEquals(0f, target[3], 1e-5f);
    }

    @Test
    void rejectsMismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> coder.decodeBoxes(new float[8], prior));
        assertTrue(e.getMessage().contains("expected 1 anchors x 4 = 4 floats, got 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> coder.decodeLandmarks(new float[10], new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new BoxCoder(0f, 0.2f));
    }
}
