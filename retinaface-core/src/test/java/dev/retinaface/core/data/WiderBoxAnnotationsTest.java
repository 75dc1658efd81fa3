package dev.retinaface.core.data;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiderBoxAnnotationsTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheOfficialValAnnotations() throws IOException {
        List<AnnotatedImage> images = WiderBoxAnnotations.read(SharedData.resolve("widerface/wider_face_split/wider_face_val_bbx_gt.txt"));

        assertEquals(3226, images.size());
        assertEquals(39708, images.stream().mapToInt(i -> i.faces().size()).sum());
        AnnotatedImage first = images.get(0);
        assertEquals("0--Parade/0_Parade_marchingband_1_465.jpg", first.relativePath());
        assertEquals(126, first.faces().size());
        AnnotatedFace face = first.faces().get(0);
        assertEquals(new Box(345, 211, 349, 215), face.box());
        assertEquals(new FaceAttributes(2, 0, 0, false, 2, 0), face.attributes());
        // the "count 1 + line of zeros" images keep their 0x0 box, as the evaluation .mat does
        assertEquals(4, images.stream().filter(i -> i.faces().size() == 1 && i.faces().get(0).box().equals(new Box(0, 0, 0, 0))).count());
    }

    @Test
    void aCountOfZeroSkipsItsLineOfZeros() throws IOException {
        List<AnnotatedImage> train = WiderBoxAnnotations.read(SharedData.resolve("widerface/wider_face_split/wider_face_train_bbx_gt.txt"));
        assertEquals(12880, train.size());
        assertEquals(4, train.stream().filter(i -> i.faces().isEmpty()).count());

        Path file = write("e/a.jpg", "0", "0 0 0 0 0 0 0 0 0 0", "e/b.jpg", "1", "1 2 3 4 0 1 0 1 2 1");
        List<AnnotatedImage> images = WiderBoxAnnotations.read(file);
        assertEquals(List.of(), images.get(0).faces());
        assertEquals(new FaceAttributes(0, 1, 0, true, 2, 1), images.get(1).faces().get(0).attributes());
    }

    @Test
    void badLinesNameFileAndLine() throws IOException {
        Path shortLine = write("e/a.jpg", "2", "1 2 3 4 0 0 0 0 0 0", "1 2 3 4");
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> WiderBoxAnnotations.read(shortLine));
        assertTrue(e.getMessage().startsWith(shortLine + ":4: a face line has 10 numbers"), e.getMessage());

        Path badCount = write("e/a.jpg", "two");
        e = assertThrows(MalformedFileException.class, () -> WiderBoxAnnotations.read(badCount));
        assertTrue(e.getMessage().startsWith(badCount + ":2: expected the face count"), e.getMessage());

        Path truncated = write("e/a.jpg", "3", "1 2 3 4 0 0 0 0 0 0");
        e = assertThrows(MalformedFileException.class, () -> WiderBoxAnnotations.read(truncated));
        assertEquals(truncated + ":2: the face count of e/a.jpg is 3 but only 1 lines follow", e.getMessage());
    }

    @Test
    void hostileCountsAndValuesAreRefusedWithFileAndLine() throws IOException {
        Path huge = write("e/a.jpg", "2147483647", "1 2 3 4 0 0 0 0 0 0");
        assertEquals(huge + ":2: the face count of e/a.jpg is 2147483647 but only 1 lines follow",
                assertThrows(MalformedFileException.class, () -> WiderBoxAnnotations.read(huge)).getMessage());

        Path negative = write("e/a.jpg", "-5");
        assertEquals(negative + ":2: the face count of e/a.jpg is negative: -5",
                assertThrows(MalformedFileException.class, () -> WiderBoxAnnotations.read(negative)).getMessage());

        Path far = write("e/a.jpg", "1", "1e30 0 5 5 0 0 0 0 0 0");
        assertEquals(far + ":3: a box value is beyond 1000000 pixels: 1e30 0 5 5 0 0 0 0 0 0",
                assertThrows(MalformedFileException.class, () -> WiderBoxAnnotations.read(far)).getMessage());
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(tmp, "bbx", ".txt");
        Files.write(file, List.of(lines));
        return file;
    }
}
