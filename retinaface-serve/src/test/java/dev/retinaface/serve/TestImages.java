package dev.retinaface.serve;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** Images for the HTTP tests, made in memory. */
final class TestImages {

    private TestImages() {
    }

    /** A grey image with a bright square, encoded. */
    static byte[] encoded(int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(230, 200, 180));
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.setColor(Color.BLACK);
        g.fillRect(width / 3, height / 3, width / 12 + 1, height / 12 + 1);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /**
     * A decompression bomb: a valid 8-bit greyscale PNG of {@code side x side} pixels, all zero, that compresses to a
     * few kilobytes (7000 x 7000 is about 49 MB of pixels in about 50 KB). Written row by row, never held in memory.
     */
    static byte[] bombPng(int side) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
            byte[] row = new byte[side + 1];
            for (int y = 0; y < side; y++) {
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(side);
        h.writeInt(side);
        h.write(new byte[]{8, 0, 0, 0, 0});
        chunk(png, "IHDR", ihdr.toByteArray());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** The first {@code keep} bytes of a PNG whose header is intact: probe succeeds, decoding fails. */
    static byte[] truncated(byte[] data, int keep) {
        byte[] out = new byte[keep];
        System.arraycopy(data, 0, out, 0, keep);
        return out;
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
