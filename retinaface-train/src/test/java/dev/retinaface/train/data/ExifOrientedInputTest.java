package dev.retinaface.train.data;

import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.core.image.LoadedImage;
import dev.retinaface.train.match.GroundTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Training and detection read an EXIF-rotated JPEG the same way, down to the network input. */
class ExifOrientedInputTest {

    private static final int WIDTH = 48;
    private static final int HEIGHT = 32;

    @Test
    void trainingAndDetectionGiveTheSameTensorForARotatedJpeg(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rotated.jpg");
        Files.write(file, withOrientation(jpeg(gradient()), 6)); // 6: display rotated 90 degrees clockwise

        // detection: the library's loader, then the image in a square batch slot (padding = the mean colour)
        LoadedImage loaded = new ImageLoader().load(file);
        assertEquals(6, loaded.exifOrientation());
        assertEquals(HEIGHT, loaded.width());
        assertEquals(WIDTH, loaded.height());
        int side = Math.max(loaded.width(), loaded.height());
        float[] detection = new float[ImageTensors.size(side, side)];
        ImageTensors.toPaddedNchw(loaded.image(), 0, 0, loaded.width(), loaded.height(), detection, 0, side, side, false);

        // training: the batch loader's read, then the augmenter without randomness (pad to square, no resize)
        BgrImage image = BgrImage.read(file);
        List<GroundTruth> face = List.of(new GroundTruth(new float[] {4, 8, 24, 36}, null));
        AugmentedSample sample = new Augmenter(AugmentConfig.none(side)).augment(image, face, new SplittableRandom(1));
        float[] training = new float[ImageTensors.size(side, side)];
        sample.image().toNetworkInput(training, 0);

        assertArrayEquals(detection, training, 0f);

        // what training read before (ImageIO without the orientation) is another picture
        BufferedImage raw = ImageIO.read(file.toFile());
        assertEquals(WIDTH, raw.getWidth());
        float[] unrotated = new float[ImageTensors.size(side, side)];
        ImageTensors.toPaddedNchw(raw, 0, 0, raw.getWidth(), raw.getHeight(), unrotated, 0, side, side, false);
        assertFalse(java.util.Arrays.equals(detection, unrotated));
    }

    /** Colour varies along both axes, so any rotation or flip changes the pixels. */
    private static BufferedImage gradient() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, (x * 5) << 16 | (y * 7) << 8 | ((x + y) * 3));
            }
        }
        return image;
    }

    private static byte[] jpeg(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    /** The JPEG with an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) right after SOI. */
    private static byte[] withOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exif.length + tiff.capacity();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
        out.put(jpeg, 0, 2); // SOI
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exif).put(tiff.array());
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }
}
