package dev.retinaface.core.image;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceAnnotatorTest {

    @TempDir
    Path dir;

    private static BufferedImage greyImage(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Arrays.fill(BgrImages.bytes(image), (byte) 128);
        return image;
    }

    private static final List<Point> LANDMARKS = List.of(new Point(60, 60), new Point(100, 60), new Point(80, 80),
            new Point(65, 95), new Point(95, 95));

    private static void assertColour(Color expected, BufferedImage image, int x, int y) {
        Color actual = new Color(image.getRGB(x, y));
        assertTrue(Math.abs(actual.getRed() - expected.getRed()) < 40
                        && Math.abs(actual.getGreen() - expected.getGreen()) < 40
                        && Math.abs(actual.getBlue() - expected.getBlue()) < 40,
                "at " + x + "," + y + " expected " + expected + " got " + actual);
    }

    @Test
    void drawsBoxAndLandmarksInTheirColours() {
        BufferedImage image = greyImage(200, 150);
        byte[] before = BgrImages.bytes(image).clone();
        Face face = new Face(new Box(40, 30, 120, 110), 0.97f, LANDMARKS);
        AnnotationStyle style = AnnotationStyle.defaults();

        BufferedImage out = FaceAnnotator.draw(image, List.of(face), style);

        assertEquals(BufferedImage.TYPE_INT_RGB, out.getType());
        assertEquals(200, out.getWidth());
        assertArrayEquals(before, BgrImages.bytes(image), "input unchanged");
        assertColour(Color.RED, out, 40, 70); // left edge of the box
        assertColour(Color.RED, out, 120, 70); // right edge
        for (int i = 0; i < 5; i++) {
            Point p = LANDMARKS.get(i);
            assertColour(style.landmarkColors().get(i), out, (int) p.x(), (int) p.y());
        }
        assertColour(new Color(128, 128, 128), out, 80, 45); // inside the box, away from the marks
        assertColour(new Color(128, 128, 128), out, 180, 140); // outside
        assertColour(Color.RED, out, 50, 28); // score label above the box, below the digits
    }

    @Test
    void facesBelowTheMinimumScoreAreSkipped() {
        Face weak = new Face(new Box(40, 30, 120, 110), 0.3f, List.of());
        BufferedImage out = FaceAnnotator.draw(greyImage(200, 150), List.of(weak),
                AnnotationStyle.defaults().withMinScore(0.5f));
        assertColour(new Color(128, 128, 128), out, 40, 70);
    }

    @Test
    void lineWidthScalesWithTheImage() {
        AnnotationStyle style = AnnotationStyle.defaults();
        assertEquals(1.5f, style.lineWidthFor(320, 240));
        assertEquals(5f, style.lineWidthFor(2000, 1500));
        assertEquals(3f, style.withLineWidth(3f).lineWidthFor(2000, 1500));
        assertThrows(IllegalArgumentException.class, () -> style.withMinScore(1.5f));
        assertThrows(IllegalArgumentException.class, () -> new AnnotationStyle(Color.RED, Color.WHITE,
                List.of(Color.RED), 0, true, true, 0));
    }

    @Test
    void writesPngExactlyAndJpegClosely() throws Exception {
        BufferedImage image = TestImages.gradient(40, 30);
        Path png = dir.resolve("sub/out.png");
        Path jpg = dir.resolve("out.jpg");

        ImageWriter.write(image, png);
        ImageWriter.write(image, jpg);

        assertArrayEquals(BgrImages.bytes(image), BgrImages.bytes(new ImageLoader().load(png).image()));
        assertTrue(TestImages.meanAbsDiff(image, new ImageLoader().load(jpg).image()) < 2.0);
        IOException e = assertThrows(IOException.class, () -> ImageWriter.write(image, dir.resolve("out.gif")));
        assertTrue(e.getMessage().contains("out.gif"));
    }
}
