package dev.retinaface.cli.peers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Box and keypoint decoding, weighted NMS and the letterbox mapping, on hand-computed answers. */
class SsdDecodingTest {

    @Test
    void decodesOffsetsRelativeToTheAnchorCentreInInputPixels() {
        float[] anchors = SsdAnchors.shortRange128().generate();
        SsdDecoder decoder = new SsdDecoder(anchors, 128, 128, 100);
        float[] regressors = new float[896 * 16];
        float[] logits = new float[896];
        java.util.Arrays.fill(logits, -10);
        int a = 513; // centre (0.0625, 0.0625)
        float[] r = {12.8f, -6.4f, 32f, 64f, 0f, 0f, 6.4f, 6.4f, 0, 0, 0, 0, 0, 0, 0, 0};
        System.arraycopy(r, 0, regressors, a * 16, 16);
        logits[a] = 0; // sigmoid 0.5
        List<SsdDecoder.Detection> found = decoder.decode(regressors, logits, 0.5f);
        assertEquals(1, found.size());
        SsdDecoder.Detection d = found.get(0);
        float cx = 0.0625f + 0.1f;
        float cy = 0.0625f - 0.05f;
        assertEquals(cx - 0.125f, d.xmin(), 1e-6);
        assertEquals(cx + 0.125f, d.xmax(), 1e-6);
        assertEquals(cy - 0.25f, d.ymin(), 1e-6);
        assertEquals(cy + 0.25f, d.ymax(), 1e-6);
        assertEquals(0.5f, d.score(), 1e-6);
        assertEquals(0.0625f, d.keypoints()[0], 1e-6);
        assertEquals(0.0625f + 0.05f, d.keypoints()[2], 1e-6);
        assertEquals(0.0625f + 0.05f, d.keypoints()[3], 1e-6);
    }

    @Test
    void clipsLogitsAndChecksSizes() {
        SsdDecoder decoder = new SsdDecoder(new float[] {0.5f, 0.5f, 1, 1}, 10, 10, 100);
        float[] one = new float[16];
        one[2] = 1;
        one[3] = 1;
        assertEquals(1f, decoder.decode(one, new float[] {1e6f}, 0f).get(0).score(), 1e-6);
        assertEquals(0f, decoder.decode(one, new float[] {-1e6f}, 0f).get(0).score(), 1e-30);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(new float[15], new float[1], 0f));
        float[] negative = new float[16];
        negative[2] = 5;
        negative[3] = -1; // negative height: not a detection
        assertEquals(0, decoder.decode(negative, new float[] {5f}, 0f).size());
    }

    @Test
    void weightedNmsAveragesAClusterByScoreAndKeepsTheBestScore() {
        float[] kp = new float[12];
        SsdDecoder.Detection best = new SsdDecoder.Detection(0, 0, 1, 1, 0.9f, kp);
        SsdDecoder.Detection near = new SsdDecoder.Detection(0.1f, 0, 1.1f, 1, 0.3f, kp);
        SsdDecoder.Detection far = new SsdDecoder.Detection(5, 5, 6, 6, 0.5f, kp);
        List<SsdDecoder.Detection> kept = WeightedNms.apply(List.of(near, far, best), 0.3f, true);
        assertEquals(2, kept.size());
        assertEquals(0.9f, kept.get(0).score());
        assertEquals(0.3f * 0.1f / 1.2f, kept.get(0).xmin(), 1e-6);
        assertEquals((0.9f + 0.3f * 1.1f) / 1.2f, kept.get(0).xmax(), 1e-6);
        assertEquals(far, kept.get(1));
        List<SsdDecoder.Detection> plain = WeightedNms.apply(List.of(near, far, best), 0.3f, false);
        assertEquals(List.of(best, far), plain);
        // IoU of best and near: 0.9 / 1.1
        assertEquals(0.9f / 1.1f, WeightedNms.iou(best, near), 1e-6);
    }

    @Test
    void letterboxMapsInputCoordinatesBackToTheImage() {
        Letterbox wide = new Letterbox(200, 100, 128);
        assertEquals(0.64, wide.scale(), 1e-12);
        assertEquals(128, wide.contentWidth());
        assertEquals(64, wide.contentHeight());
        assertEquals(0, wide.padLeft());
        assertEquals(32, wide.padTop());
        assertEquals(0f, wide.imageY(0.25f), 1e-4);
        assertEquals(100f, wide.imageY(0.75f), 1e-4);
        assertEquals(100f, wide.imageX(0.5f), 1e-4);
        Letterbox tall = new Letterbox(50, 100, 256);
        assertEquals(64, tall.padLeft());
        assertEquals(25f, tall.imageX(0.5f), 1e-4);
        java.nio.FloatBuffer buf = java.nio.FloatBuffer.allocate(128 * 128 * 3);
        java.awt.image.BufferedImage white = new java.awt.image.BufferedImage(200, 100,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 200, 100);
        g.dispose();
        wide.fillRgb(white, buf);
        assertEquals(-1f, buf.get(0)); // top bar is black
        assertEquals(1f, buf.get(3 * (64 * 128 + 64)), 1e-6); // centre is white
    }
}
