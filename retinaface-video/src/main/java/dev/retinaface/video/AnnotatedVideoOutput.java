package dev.retinaface.video;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.video.track.TrackedFace;
import org.bytedeco.javacv.Frame;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Writes the video with each tracked face's box, landmarks and track id drawn on it, one colour per track; boxes the
 * tracker predicted (no detection in that frame) are dashed. Draws on a copy, leaving the frame as it was.
 */
public final class AnnotatedVideoOutput implements FrameOutput {

    private static final float[] DASH = {6f, 4f};

    private final VideoSink sink;
    private final BufferedImage canvas;

    public AnnotatedVideoOutput(VideoSink sink, int width, int height) {
        this.sink = sink;
        this.canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    }

    @Override
    public void accept(VideoFrame frame, List<TrackedFace> faces) throws VideoException {
        byte[] from = frame.bytes();
        byte[] to = BgrImages.bytes(canvas);
        System.arraycopy(from, 0, to, 0, to.length);
        draw(canvas, faces);
        sink.writeVideo(to);
    }

    /** Draws the faces onto {@code image} in place. */
    public static void draw(BufferedImage image, List<TrackedFace> faces) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float line = Math.max(2f, Math.max(image.getWidth(), image.getHeight()) / 320f);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(line * 6)));
            for (TrackedFace f : faces) {
                Color colour = colourOf(f.trackId());
                Box b = f.box();
                g.setColor(colour);
                g.setStroke(f.predicted() ? new BasicStroke(line, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f)
                        : new BasicStroke(line));
                g.draw(new Rectangle2D.Float(b.x1(), b.y1(), b.width(), b.height()));
                String label = "#" + f.trackId();
                int textW = g.getFontMetrics().stringWidth(label);
                int textH = g.getFontMetrics().getAscent();
                float top = b.y1() - textH - line < 0 ? b.y1() : b.y1() - textH - line;
                g.fill(new Rectangle2D.Float(b.x1() - line / 2, top, textW + 2 * line, textH + line));
                g.setColor(Color.BLACK);
                g.drawString(label, b.x1() + line / 2, top + textH);
                float r = Math.max(2f, line);
                g.setColor(colour);
                for (Point p : f.face().landmarks()) {
                    g.fill(new Ellipse2D.Float(p.x() - r, p.y() - r, 2 * r, 2 * r));
                }
            }
        } finally {
            g.dispose();
        }
    }

    /** A bright colour, the same for one id in every frame. */
    static Color colourOf(int id) {
        float hue = (id * 0.618034f) % 1f;
        return Color.getHSBColor(hue, 0.85f, 1f);
    }

    @Override
    public void audio(Frame samples) throws VideoException {
        sink.writeAudio(samples);
    }

    @Override
    public void close() throws VideoException {
        sink.close();
    }
}
