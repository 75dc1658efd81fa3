package dev.retinaface.core.align;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceAlignerTest {

    /** 256 x 256 image whose red channel is x and green channel is y: a crop shows where it sampled. */
    private static BufferedImage coordinateImage() {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                image.setRGB(x, y, (x << 16) | (y << 8) | 0x80);
            }
        }
        return image;
    }

    @Test
    void landmarksOnTheTemplateCropTheTopLeftCornerUnchanged() {
        BufferedImage image = coordinateImage();
        Face face = new Face(new Box(30, 40, 80, 100), 0.99f, ArcFaceTemplate.points());
        BufferedImage crop = new FaceAligner().align(image, face);
        assertEquals(112, crop.getWidth());
        assertEquals(112, crop.getHeight());
        for (int v = 0; v < 112; v += 7) {
            for (int u = 0; u < 112; u += 5) {
                assertEquals(image.getRGB(u, v), crop.getRGB(u, v), "pixel " + u + "," + v);
            }
        }
    }

    @Test
    void cropSamplesTheImageThroughTheInverseSimilarity() {
        BufferedImage image = coordinateImage();
        // image -> crop: scale 0.5, rotation 20 degrees, some shift; landmarks = where the template comes from
        double s = 0.5;
        double angle = Math.toRadians(20);
        Affine imageToCrop = new Affine(s * Math.cos(angle), -s * Math.sin(angle), -10,
                s * Math.sin(angle), s * Math.cos(angle), -20);
        Affine cropToImage = imageToCrop.inverse();
        List<Point> landmarks = new ArrayList<>();
        for (Point p : ArcFaceTemplate.points()) {
            landmarks.add(cropToImage.apply(p));
        }
        FaceAligner aligner = new FaceAligner();
        Affine estimated = aligner.transform(landmarks);
        assertEquals(imageToCrop.a(), estimated.a(), 1e-4);
        assertEquals(imageToCrop.c(), estimated.c(), 1e-4);
        assertEquals(imageToCrop.tx(), estimated.tx(), 1e-3);
        assertEquals(imageToCrop.ty(), estimated.ty(), 1e-3);

        BufferedImage crop = aligner.align(image, landmarks);
        int inside = 0;
        int outside = 0;
        for (int v = 0; v < 112; v += 3) {
            for (int u = 0; u < 112; u += 3) {
                Point at = cropToImage.apply(new Point(u, v));
                int rgb = crop.getRGB(u, v);
                if (at.x() >= 0 && at.y() >= 0 && at.x() <= 255 && at.y() <= 255) {
                    // bilinear on a linear ramp gives the coordinate back, up to rounding to a grey level
                    assertEquals(at.x(), (rgb >> 16) & 0xff, 0.51, "red at " + u + "," + v);
                    assertEquals(at.y(), (rgb >> 8) & 0xff, 0.51, "green at " + u + "," + v);
                    assertEquals(0x80, rgb & 0xff, 1, "blue at " + u + "," + v);
                    inside++;
                } else if (at.x() < -1 || at.y() < -1 || at.x() > 256 || at.y() > 256) {
                    assertEquals(0, rgb & 0xffffff, "outside the image is black at " + u + "," + v);
                    outside++;
                }
            }
        }
        assertTrue(inside > 500, "most of the crop lies inside the image: " + inside);
        assertTrue(outside > 0, "the top-right corner of the crop lies above the image");
    }

    @Test
    void cropSizeOptionScalesTheTemplate() {
        assertEquals(ArcFaceTemplate.points(), ArcFaceTemplate.forCropSize(112));
        assertEquals(new Point(2 * 38.2946f, 2 * 51.6963f), ArcFaceTemplate.forCropSize(224).get(0));
        Point p128 = ArcFaceTemplate.forCropSize(128).get(0);
        assertEquals(38.2946f + 8, p128.x(), 1e-4f); // insightface's 128 crops: same scale, shifted by 8
        assertEquals(51.6963f, p128.y(), 1e-4f);
        BufferedImage crop = new FaceAligner(224).align(coordinateImage(), ArcFaceTemplate.points());
        assertEquals(224, crop.getWidth());
        // landmarks at 112-template positions, crop at 224: image scaled up by 2 around the origin
        assertEquals(20, (crop.getRGB(40, 60) >> 16) & 0xff);
        assertEquals(30, (crop.getRGB(40, 60) >> 8) & 0xff);
    }

    @Test
    void rejectsFacesWithoutLandmarks() {
        Face face = new Face(new Box(0, 0, 10, 10), 0.9f, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FaceAligner().align(coordinateImage(), face));
        assertTrue(e.getMessage().contains("no landmarks"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FaceAligner(0));
    }
}
