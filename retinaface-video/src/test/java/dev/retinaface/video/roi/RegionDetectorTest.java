package dev.retinaface.video.roi;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.testsupport.FunctionDetector;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionDetectorTest {

    /** A frame whose pixel (x, y) holds B = x, G = y, R = 7, so a crop shows where it was taken from. */
    private static BufferedImage coordinateFrame(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = BgrImages.bytes(image);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[3 * (y * w + x)] = (byte) x;
                px[3 * (y * w + x) + 1] = (byte) y;
                px[3 * (y * w + x) + 2] = 7;
            }
        }
        return image;
    }

    private static Face face(float x1, float y1, float x2, float y2) {
        return new Face(new Box(x1, y1, x2, y2), 0.9f, List.of(new Point(x1 + 1, y1 + 1), new Point(x2 - 1, y1 + 1),
                new Point((x1 + x2) / 2, (y1 + y2) / 2), new Point(x1 + 1, y2 - 1), new Point(x2 - 1, y2 - 1)));
    }

    @Test
    void cropsCarryTheRegionsPixelsAndFacesComeBackInFrameCoordinates() {
        List<int[]> seen = new ArrayList<>();
        FunctionDetector detector = FunctionDetector.of(crop -> {
            byte[] px = BgrImages.bytes(crop);
            seen.add(new int[] {px[0] & 0xff, px[1] & 0xff, crop.getWidth(), crop.getHeight()});
            // one face in the middle of the crop, one cut by its left edge
            return List.of(face(40, 40, 56, 56), face(0, 40, 10, 56));
        });
        List<Face> faces = new RegionDetector(detector).detect(coordinateFrame(200, 150),
                List.of(new Region(64, 32, 160, 128)));
        assertEquals(1, seen.size());
        assertEquals(List.of(64, 32, 96, 96), List.of(seen.get(0)[0], seen.get(0)[1], seen.get(0)[2], seen.get(0)[3]));
        assertEquals(1, faces.size(), "the face on the crop's inner edge is dropped");
        assertEquals(new Box(104, 72, 120, 88), faces.get(0).box());
        assertEquals(new Point(112, 80), faces.get(0).landmarks().get(2));
    }

    @Test
    void facesOnAnEdgeThatIsTheFramesEdgeAreKept() {
        FunctionDetector detector = FunctionDetector.of(crop -> List.of(face(0, 40, 10, 56)));
        List<Face> faces = new RegionDetector(detector).detect(coordinateFrame(200, 150), List.of(new Region(0, 32, 96, 128)));
        assertEquals(1, faces.size());
        assertEquals(new Box(0, 72, 10, 88), faces.get(0).box());
    }

    @Test
    void aFaceSeenInTwoOverlappingCropsIsKeptOnce() {
        // the same frame face (100..116, 60..76) in both crops, in each crop's own coordinates
        FunctionDetector detector = FunctionDetector.of(crop -> {
            int x0 = BgrImages.bytes(crop)[0] & 0xff;
            return List.of(face(100 - x0, 28, 116 - x0, 44));
        });
        List<Face> faces = new RegionDetector(detector).detect(coordinateFrame(200, 150),
                List.of(new Region(64, 32, 160, 128), new Region(32, 32, 128, 128)));
        assertEquals(1, faces.size());
        assertEquals(new Box(100, 60, 116, 76), faces.get(0).box());
    }

    @Test
    void innerEdgesAreTheOnlyOnesThatDropFaces() {
        Region r = new Region(0, 32, 96, 150);
        assertTrue(r.touchesInnerEdge(new Box(20, 33, 30, 40), 2, 200, 150), "top edge 32 is inside the frame");
        assertTrue(r.touchesInnerEdge(new Box(80, 60, 95, 70), 2, 200, 150), "right edge 96 is inside the frame");
        assertTrue(!r.touchesInnerEdge(new Box(-3, 60, 10, 70), 2, 200, 150), "left edge is the frame's");
        assertTrue(!r.touchesInnerEdge(new Box(20, 140, 30, 152), 2, 200, 150), "bottom edge is the frame's");
    }
}
