package dev.retinaface.core.image;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** Draws detections onto a copy of an image: boxes, scores and landmarks, anti-aliased. */
public final class FaceAnnotator {

    private FaceAnnotator() {
    }

    /**
     * A new {@code TYPE_INT_RGB} image: the input with every face scoring at least {@code style.minScore()} drawn on
     * it. The input is not changed. Coordinates are in pixels of the input image.
     */
    public static BufferedImage draw(BufferedImage image, List<Face> faces, AnnotationStyle style) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            float line = style.lineWidthFor(w, h);
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.round(line * 5.5f))));
            for (Face face : faces) {
                if (face.score() >= style.minScore()) {
                    drawFace(g, face, style, line);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawFace(Graphics2D g, Face face, AnnotationStyle style, float line) {
        Box b = face.box();
        g.setColor(style.boxColor());
        g.draw(new Rectangle2D.Float(b.x1(), b.y1(), b.width(), b.height()));
        if (style.showScores()) {
            drawScore(g, face.score(), b, style, line);
        }
        if (style.showLandmarks()) {
            float radius = Math.max(2f, line * 1.5f);
            List<Point> points = face.landmarks();
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                g.setColor(style.landmarkColors().get(i));
                g.fill(new Ellipse2D.Float(p.x() - radius, p.y() - radius, 2 * radius, 2 * radius));
            }
        }
    }

    /** The score on a filled label just above the box (inside it when the box touches the top edge). */
    private static void drawScore(Graphics2D g, float score, Box b, AnnotationStyle style, float line) {
        String text = String.format(Locale.ROOT, "%.2f", score);
        FontMetrics metrics = g.getFontMetrics();
        float pad = line;
        float labelW = metrics.stringWidth(text) + 2 * pad;
        float labelH = metrics.getAscent() + metrics.getDescent();
        float left = b.x1() - line / 2;
        float top = b.y1() - line / 2 - labelH;
        if (top < 0) {
            top = b.y1() + line / 2;
        }
        g.setColor(style.boxColor());
        g.fill(new Rectangle2D.Float(left, top, labelW, labelH));
        g.setColor(style.textColor());
        g.drawString(text, left + pad, top + metrics.getAscent());
    }
}
