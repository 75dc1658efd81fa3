package dev.retinaface.serve;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a still image as a short YUV4MPEG2 (4:2:0, BT.601 full range) video, for Chromium's fake camera. */
final class Y4mWriter {

    private Y4mWriter() {
    }

    static void write(BufferedImage source, int width, int height, int frames, Path file) throws IOException {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        byte[] y = new byte[width * height];
        byte[] u = new byte[(width / 2) * (height / 2)];
        byte[] v = new byte[u.length];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int p = rgb.getRGB(col, row);
                int r = (p >> 16) & 0xff;
                int gr = (p >> 8) & 0xff;
                int b = p & 0xff;
                y[row * width + col] = clamp(0.299 * r + 0.587 * gr + 0.114 * b);
                if (row % 2 == 0 && col % 2 == 0) {
                    int i = (row / 2) * (width / 2) + col / 2;
                    u[i] = clamp(-0.168736 * r - 0.331264 * gr + 0.5 * b + 128);
                    v[i] = clamp(0.5 * r - 0.418688 * gr - 0.081312 * b + 128);
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F10:1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < frames; f++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(y);
                out.write(u);
                out.write(v);
            }
        }
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
    }
}
