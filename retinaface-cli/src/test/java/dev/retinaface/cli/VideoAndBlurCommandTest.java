package dev.retinaface.cli;

import dev.retinaface.core.anonymize.JpegExif;
import dev.retinaface.core.image.ImageWriter;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.video.SyntheticVideo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoAndBlurCommandTest {

    @TempDir
    Path dir;

    private static String weights() {
        return SharedData.resolve("weights/mobilenet0.25_Final.pth").toString();
    }

    /** An APP1 EXIF segment with an orientation tag (6) and a GPS IFD holding GPSLatitudeRef "N". */
    static byte[] exifWithGps() {
        ByteBuffer tiff = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        tiff.putInt(0);
        byte[] payload = new byte[6 + tiff.position()];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, payload, 0, 6);
        System.arraycopy(tiff.array(), 0, payload, 6, tiff.position());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xE1);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    @Test
    void blurMirrorsTheTreeAndStripsExifUnlessKept() throws Exception {
        BufferedImage selfie = ImageIO.read(SharedData.resolve("images/selfie.jpg").toFile());
        Path in = Files.createDirectories(dir.resolve("photos/sub"));
        Path jpeg = in.resolve("selfie.jpg");
        ImageWriter.write(selfie, jpeg);
        byte[] segment = exifWithGps();
        Files.write(jpeg, JpegExif.insert(Files.readAllBytes(jpeg), segment));
        assertTrue(JpegExif.hasExif(Files.readAllBytes(jpeg)));
        ImageWriter.write(selfie, dir.resolve("photos/copy.png"));

        Cli.Result r = Cli.run("blur", dir.resolve("photos").toString(), "--out", dir.resolve("out").toString(),
                "--weights", weights());
        assertEquals(0, r.exitCode(), r.toString());
        Path outJpeg = dir.resolve("out/photos/sub/selfie.jpg");
        Path outPng = dir.resolve("out/photos/copy.png");
        assertTrue(Files.isRegularFile(outJpeg) && Files.isRegularFile(outPng), r.toString());
        byte[] written = Files.readAllBytes(outJpeg);
        assertFalse(JpegExif.hasExif(written), "EXIF stripped");
        assertFalse(new String(written, StandardCharsets.ISO_8859_1).contains("Exif"), "no EXIF anywhere");

        assertTrue(r.err().contains("2 images"), r.toString());

        Cli.Result kept = Cli.run("blur", jpeg.toString(), "--out", dir.resolve("kept").toString(), "--keep-exif",
                "--weights", weights());
        assertEquals(0, kept.exitCode(), kept.toString());
        byte[] keptBytes = Files.readAllBytes(dir.resolve("kept/selfie.jpg"));
        byte[] keptSegment = JpegExif.segment(keptBytes).orElseThrow();
        assertEquals(segment.length, keptSegment.length);
        // the GPS IFD is there; the orientation now says upright (the pixels were turned when loaded)
        assertEquals(1, keptSegment[10 + 8 + 2 + 8]);
        keptSegment[10 + 8 + 2 + 8] = 6;
        assertArrayEquals(segment, keptSegment);
    }

    @Test
    void blurReportsABadFileOnOneLineAndGoesOn() throws Exception {
        Path bad = dir.resolve("broken.jpg");
        Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Path good = dir.resolve("good.png");
        ImageWriter.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), good);
        Cli.Result r = Cli.run("blur", bad.toString(), good.toString(), "--out", dir.resolve("out").toString(),
                "--weights", weights());
        assertEquals(UserErrorHandler.USER_ERROR, r.exitCode(), r.toString());
        assertTrue(r.err().contains(bad.toString()), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertTrue(Files.isRegularFile(dir.resolve("out/good.png")));
    }

    @Test
    void videoWritesEveryOutput() throws Exception {
        List<BufferedImage> scenes = List.of(ImageIO.read(SharedData.resolve("images/selfie.jpg").toFile()));
        Path input = dir.resolve("clip.mp4");
        SyntheticVideo.write(input, scenes, 320, 240, 10, 12, 1.2, 1.5, "mpeg4", true);
        Cli.Result r = Cli.run("video", input.toString(), "--weights", weights(), "--json", dir.resolve("f.jsonl").toString(),
                "--annotate", dir.resolve("a.mp4").toString(), "--blur-output", dir.resolve("b.mkv").toString(),
                "--blur", "pixelate", "--crops", dir.resolve("crops").toString(), "--detect-every", "2", "--no-progress");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(12, Files.readAllLines(dir.resolve("f.jsonl")).size());
        assertTrue(Files.size(dir.resolve("a.mp4")) > 1000 && Files.size(dir.resolve("b.mkv")) > 1000);
        try (var crops = Files.list(dir.resolve("crops"))) {
            assertTrue(crops.count() >= 3);
        }
        assertTrue(r.err().contains("12 frames"), r.toString());
    }

    @Test
    void videoBadInputsGiveOneLineNamingTheSource() throws Exception {
        Path corrupt = dir.resolve("corrupt.mp4");
        Files.writeString(corrupt, "not a video at all");
        for (String input : List.of(corrupt.toString(), dir.resolve("missing.avi").toString(), "rtsp://127.0.0.1:9/none")) {
            Cli.Result r = Cli.run("video", input, "--weights", weights(), "--json", dir.resolve("x.jsonl").toString(),
                    "--stall-timeout", "2");
            assertEquals(UserErrorHandler.USER_ERROR, r.exitCode(), r.toString());
            assertTrue(r.err().startsWith("retinaface video: " + input + ": "), r.toString());
            assertEquals(1, r.err().strip().lines().count(), r.toString());
        }
        Cli.Result none = Cli.run("video", corrupt.toString(), "--weights", weights());
        assertEquals(UserErrorHandler.USER_ERROR, none.exitCode());
        assertTrue(none.err().contains("choose at least one output"), none.toString());
    }

    @Test
    void videoChecksHowFramesBetweenDetectionsAreFilled() throws Exception {
        List<BufferedImage> scenes = List.of(ImageIO.read(SharedData.resolve("images/selfie.jpg").toFile()));
        Path input = dir.resolve("between.mp4");
        SyntheticVideo.write(input, scenes, 320, 240, 10, 9, 1.2, 1.5, "mpeg4", false);
        for (String[] bad : List.of(new String[] {"--between", "crops"}, new String[] {"--roi-budget", "1.5"},
                new String[] {"--roi-budget", "0"})) {
            Cli.Result r = Cli.run("video", input.toString(), "--weights", weights(), "--json",
                    dir.resolve("x.jsonl").toString(), bad[0], bad[1]);
            assertEquals(UserErrorHandler.USER_ERROR, r.exitCode(), r.toString());
            assertTrue(r.err().contains(bad[0]), r.toString());
            assertEquals(1, r.err().strip().lines().count(), r.toString());
        }
        // a resize that depends on the image size is fixed to the frame's factor, so crops run at the frame's scale
        Cli.Result r = Cli.run("video", input.toString(), "--weights", weights(), "--json",
                dir.resolve("between.jsonl").toString(), "--detect-every", "3", "--between", "roi", "--roi-budget", "1",
                "--resize", "long:400", "--no-progress");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(9, Files.readAllLines(dir.resolve("between.jsonl")).size());
    }

    @Test
    void aSizeDependentResizeBecomesTheFramesFixedScale() {
        dev.retinaface.core.detect.DetectorConfig config = dev.retinaface.core.detect.DetectorConfig.defaults()
                .withResize(new dev.retinaface.core.detect.ResizePolicy.LongSide(400));
        assertEquals(new dev.retinaface.core.detect.ResizePolicy.FixedScale(1.25),
                VideoCommand.frameScale(config, 320, 240).resize());
        assertEquals(dev.retinaface.core.detect.DetectorConfig.defaults(),
                VideoCommand.frameScale(dev.retinaface.core.detect.DetectorConfig.defaults(), 320, 240));
    }
}
