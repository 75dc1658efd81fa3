package dev.retinaface.cli.peers;

import dev.retinaface.eval.widerface.WiderSetting;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * AP against time per frame: one point per detector and WIDER setting (easy, medium, hard as marker shapes), time
 * on a logarithmic axis, each detector labelled; written as a small PNG.
 */
public final class AccuracySpeedPlot {

    private static final int W = 900;
    private static final int H = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 330;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0x17becf)};

    private AccuracySpeedPlot() {
    }

    /** Draws the rows that have an AP. */
    public static void write(Path file, List<PeerBench.Row> rows, String title) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (PeerBench.Row r : rows) {
                lo = Math.min(lo, r.millis().median());
                hi = Math.max(hi, r.millis().median());
            }
            double xMin = Math.pow(10, Math.floor(Math.log10(Math.max(lo, 1e-3))));
            double xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(hi, xMin * 10))));
            int pw = W - LEFT - RIGHT;
            int ph = H - TOP - BOTTOM;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(new Color(0xdddddd));
            for (int i = 0; i <= 10; i++) {
                int y = TOP + ph - ph * i / 10;
                g.drawLine(LEFT, y, LEFT + pw, y);
            }
            for (double d = xMin; d <= xMax * 1.0001; d *= 10) {
                for (int m = 1; m < 10 && d * m <= xMax * 1.0001; m++) {
                    int x = xPix(d * m, xMin, xMax, pw);
                    g.setColor(m == 1 ? new Color(0xbbbbbb) : new Color(0xeeeeee));
                    g.drawLine(x, TOP, x, TOP + ph);
                }
                g.setColor(Color.DARK_GRAY);
                String label = d >= 1 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.2g", d);
                g.drawString(label, xPix(d, xMin, xMax, pw) - 8, TOP + ph + 18);
            }
            g.setColor(Color.DARK_GRAY);
            for (int i = 0; i <= 10; i += 2) {
                int y = TOP + ph - ph * i / 10;
                g.drawString(String.format(Locale.ROOT, "%.1f", i / 10.0), LEFT - 30, y + 4);
            }
            g.drawRect(LEFT, TOP, pw, ph);
            g.drawString("ms per 640x480 frame, 1 thread (log scale)", LEFT + pw / 2 - 130, H - 18);
            g.rotate(-Math.PI / 2);
            g.drawString("WIDER val AP", -(TOP + ph / 2) - 40, 20);
            g.rotate(Math.PI / 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int legendY = TOP + 10;
            for (int k = 0; k < rows.size(); k++) {
                PeerBench.Row r = rows.get(k);
                if (r.result() == null) {
                    continue;
                }
                Color c = COLORS[k % COLORS.length];
                int x = xPix(r.millis().median(), xMin, xMax, pw);
                int prevY = -1;
                for (WiderSetting s : WiderSetting.values()) {
                    int y = TOP + ph - (int) Math.round(r.ap(s) * ph);
                    g.setColor(c);
                    if (prevY >= 0) {
                        g.setStroke(new BasicStroke(1f));
                        g.drawLine(x, prevY, x, y);
                    }
                    marker(g, s, x, y);
                    prevY = y;
                }
                g.setColor(c);
                marker(g, WiderSetting.EASY, LEFT + pw + 16, legendY - 4);
                g.setColor(Color.BLACK);
                g.drawString(r.entry().name(), LEFT + pw + 26, legendY);
                legendY += 18;
            }
            legendY += 10;
            for (WiderSetting s : WiderSetting.values()) {
                g.setColor(Color.DARK_GRAY);
                marker(g, s, LEFT + pw + 16, legendY - 4);
                g.drawString(s.key(), LEFT + pw + 26, legendY);
                legendY += 18;
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static int xPix(double ms, double xMin, double xMax, int pw) {
        return LEFT + (int) Math.round((Math.log(ms) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin)) * pw);
    }

    private static void marker(Graphics2D g, WiderSetting s, int x, int y) {
        switch (s) {
            case EASY -> g.fillOval(x - 5, y - 5, 10, 10);
            case MEDIUM -> g.fillRect(x - 4, y - 4, 9, 9);
            case HARD -> g.fillPolygon(new int[] {x, x - 6, x + 6}, new int[] {y - 6, y + 5, y + 5}, 3);
        }
    }
}
