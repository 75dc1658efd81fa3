package dev.retinaface.core.data;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetinaFaceLabelsTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheSharedTrainingLabels() throws IOException {
        List<AnnotatedImage> images = RetinaFaceLabels.read(SharedData.resolve("widerface/WIDER_train/label.txt"));

        assertEquals(1239, images.size());
        assertEquals(6590, images.stream().mapToInt(i -> i.faces().size()).sum());
        assertEquals(5373, images.stream().flatMap(i -> i.faces().stream()).filter(AnnotatedFace::hasLandmarks).count());

        AnnotatedImage first = images.get(0);
        assertEquals("1--Handshaking/1_Handshaking_Handshaking_1_409.jpg", first.relativePath());
        assertEquals("1--Handshaking", first.event());
        assertEquals("1_Handshaking_Handshaking_1_409", first.name());
        AnnotatedFace face = first.faces().get(0);
        assertEquals(new Box(467, 95, 467 + 112, 95 + 150), face.box());
        assertEquals(new Point(506.045f, 161.964f), face.landmarks().get(0));
        assertEquals(new Point(551.259f, 211.888f), face.landmarks().get(4));
    }

    @Test
    void minusOneLandmarksMeanNone() throws IOException {
        Path file = write("# a/b.jpg",
                "10 20 30 40 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 0.32",
                "1 2 3 4",
                "# a/empty.jpg");
        List<AnnotatedImage> images = RetinaFaceLabels.read(file);
        assertEquals(2, images.size());
        assertEquals(new Box(10, 20, 40, 60), images.get(0).faces().get(0).box());
        assertFalse(images.get(0).faces().get(0).hasLandmarks());
        assertFalse(images.get(0).faces().get(1).hasLandmarks());
        assertTrue(images.get(1).faces().isEmpty());
    }

    @Test
    void badLinesNameFileAndLine() throws IOException {
        Path wrongCount = write("# a/b.jpg", "1 2 3 4", "1 2 3 4 5 6");
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> RetinaFaceLabels.read(wrongCount));
        assertTrue(e.getMessage().startsWith(wrongCount + ":3: "), e.getMessage());
        assertEquals(3, e.line());

        Path notANumber = write("# a/b.jpg", "1 2 x 4");
        e = assertThrows(MalformedFileException.class, () -> RetinaFaceLabels.read(notANumber));
        assertTrue(e.getMessage().startsWith(notANumber + ":2: 'x' is not a number"), e.getMessage());

        Path faceFirst = write("1 2 3 4", "# a/b.jpg");
        e = assertThrows(MalformedFileException.class, () -> RetinaFaceLabels.read(faceFirst));
        assertTrue(e.getMessage().startsWith(faceFirst + ":1: face line before"), e.getMessage());
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(tmp, "label", ".txt");
        Files.write(file, List.of(lines));
        return file;
    }
}
