package dev.retinaface.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 13: text data files that are too large, not text, or hold values no image can have. */
class HostileTextFilesTest {

    @TempDir
    Path tmp;

    @Test
    void fileLargerThanTheLimitIsRefusedBeforeReading() throws IOException {
        Path big = tmp.resolve("label.txt");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(TextLines.MAX_BYTES + 1); // sparse: no disk, no memory
        }
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> RetinaFaceLabels.read(big));
        assertEquals(big + ": is 67108865 bytes, larger than the 64 MiB limit for a text data file", e.getMessage());
    }

    @Test
    void invalidUtf8IsNamed() throws IOException {
        Path file = Files.write(tmp.resolve("label.txt"), new byte[] {'#', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(file + ": is not UTF-8 text",
                assertThrows(MalformedFileException.class, () -> RetinaFaceLabels.read(file)).getMessage());
    }

    @Test
    void labelValuesBeyondAnyImageAreRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("label.txt"), "# a.jpg\n10 10 1e30 20\n");
        assertEquals(file + ":2: a value is beyond 1000000 pixels: 10 10 1e30 20",
                assertThrows(MalformedFileException.class, () -> RetinaFaceLabels.read(file)).getMessage());
    }

    @Test
    void labelBoxesPartlyOutsideTheImageAreKeptForTheCropToClip() throws IOException {
        Path file = Files.writeString(tmp.resolve("label.txt"), "# a.jpg\n-20 -10 50 40\n");
        assertEquals(-20f, RetinaFaceLabels.read(file).get(0).faces().get(0).box().x1());
    }

    @Test
    void labelPathsStayInsideTheImageFolder() throws IOException {
        Path up = Files.writeString(tmp.resolve("label.txt"), "# ok/a.jpg\n1 2 3 4\n# ../../../etc/passwd\n1 2 3 4\n");
        assertEquals(up + ":3: image path '../../../etc/passwd' leaves the image folder ('..')",
                assertThrows(MalformedFileException.class, () -> RetinaFaceLabels.read(up)).getMessage());

        Path absolute = Files.writeString(tmp.resolve("bbx_gt.txt"), "/etc/x.jpg\n0\n0 0 0 0 0 0 0 0 0 0\n");
        assertEquals(absolute + ":1: image path '/etc/x.jpg' is absolute; label paths are relative to the image folder",
                assertThrows(MalformedFileException.class, () -> WiderBoxAnnotations.read(absolute)).getMessage());

        assertThrows(IllegalArgumentException.class, () -> new AnnotatedImage("a/../../b.jpg", java.util.List.of()));
    }
}
