package dev.retinaface.eval.widerface;

import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiderPredictionsTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheReferencePredictions() throws IOException {
        WiderPredictions predictions = WiderPredictions.read(SharedData.resolve("reference/widerface_val_predictions"));
        assertEquals(257, predictions.size());
        ImagePredictions first = predictions.images().iterator().next();
        assertEquals(new WiderImageId("0--Parade", "0_Parade_Parade_0_102"), first.id());
        assertEquals(431, first.size());
        assertArrayEquals(new double[] {84, 538, 16, 21}, java.util.Arrays.copyOf(first.boxes(), 4));
        assertEquals(0.985858, first.scores()[0]);
    }

    @Test
    void writesTheOfficialWayAndReadsBack() throws IOException {
        List<Face> faces = List.of(
                new Face(new Box(10.7f, 20.2f, 30.9f, 45.5f), 0.5f, List.of()),
                new Face(new Box(-3.5f, 1.9f, 8.2f, 9.99f), 0.97f, List.of()),
                new Face(new Box(0, 0, 5, 5), 0.02f, List.of()), // not above 0.02: left out
                new Face(new Box(1, 1, 6, 6), 0.0201f, List.of()));
        Path file = WiderPredictions.write(tmp, "0--Parade", "0_Parade_x_1.jpg", faces);

        assertEquals(tmp.resolve("0--Parade/0_Parade_x_1.txt"), file);
        // x, y truncated; w = trunc(x2) - trunc(x1); best score first
        assertEquals("0_Parade_x_1\n3\n-3 1 11 8 0.97 \n10 20 20 25 0.5 \n1 1 5 5 0.0201 \n", Files.readString(file));

        ImagePredictions read = WiderPredictions.read(tmp).images().iterator().next();
        assertEquals(new WiderImageId("0--Parade", "0_Parade_x_1"), read.id());
        assertArrayEquals(new double[] {0.97, 0.5, 0.0201}, read.scores(), 1e-7);
    }

    @Test
    void badFilesNameFileAndLine() throws IOException {
        Path shortLine = write("e/a.txt", "a", "2", "1 2 3 4 0.5", "1 2 3 4");
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> WiderPredictions.read(tmp));
        assertEquals(shortLine + ":4: a box line has 5 numbers (x y w h score), got 4: 1 2 3 4", e.getMessage());
        Files.delete(shortLine);

        Path badCount = write("e/b.txt", "b", "2.5");
        e = assertThrows(MalformedFileException.class, () -> WiderPredictions.read(tmp));
        assertEquals(badCount + ":2: expected the number of boxes (an integer), got: 2.5", e.getMessage());
        Files.delete(badCount);

        Path truncated = write("e/c.txt", "c", "3", "1 2 3 4 0.5");
        e = assertThrows(MalformedFileException.class, () -> WiderPredictions.read(tmp));
        assertEquals(truncated + ":2: the number of boxes is 3 but only 1 lines follow", e.getMessage());
        Files.delete(truncated);

        Path extra = write("e/d.txt", "d", "1", "1 2 3 4 0.5", "5 6 7 8 0.4");
        e = assertThrows(MalformedFileException.class, () -> WiderPredictions.read(tmp));
        assertEquals(extra + ":4: more box lines than the count 1 on line 2", e.getMessage());
        Files.delete(extra);

        Path score = write("e/f.txt", "f", "1", "1 2 3 4 NaN");
        e = assertThrows(MalformedFileException.class, () -> WiderPredictions.read(tmp));
        assertTrue(e.getMessage().startsWith(score + ":3: 'NaN' is not a finite number"), e.getMessage());
    }

    /** Issue 13: counts that once sized arrays, and values no detector can mean; each refused with file:line. */
    @Test
    void hostileCountsAndValuesAreRefusedWithFileAndLine() throws IOException {
        String[][] cases = {
            {"2147483647", "1 2 3 4 0.5", ":2: the number of boxes is 2147483647 but only 1 lines follow"},
            {"400000000", "1 2 3 4 0.5", ":2: the number of boxes is 400000000 but only 1 lines follow"},
            {"-1", "1 2 3 4 0.5", ":2: the number of boxes is negative: -1"},
            {"1", "10 10 -5 -5 0.5", ":3: a box has a negative width or height: 10 10 -5 -5 0.5"},
            {"1", "1e30 1e30 1e30 1e30 0.5", ":3: a box value is beyond 1000000 pixels: 1e30 1e30 1e30 1e30 0.5"},
        };
        for (String[] c : cases) {
            Path file = write("e/h.txt", "h", c[0], c[1]);
            MalformedFileException e = assertThrows(MalformedFileException.class, () -> WiderPredictions.readFile(file));
            assertEquals(file + c[2], e.getMessage());
        }
    }

    @Test
    void scoresOutsideZeroOneAreKeptAndCounted() throws IOException {
        write("e/s.txt", "s", "2", "1 2 3 4 7.5", "1 2 3 4 0.5");
        WiderPredictions read = WiderPredictions.read(tmp);
        assertArrayEquals(new double[] {7.5, 0.5}, read.images().iterator().next().scores());
        assertEquals(1, read.scoresOutsideUnitRange());
    }

    @Test
    void aMissingOrEmptyFolderIsAnError() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WiderPredictions.read(tmp.resolve("nope")));
        assertEquals("predictions folder not found: " + tmp.resolve("nope"), e.getMessage());
        Files.writeString(tmp.resolve("stray.txt"), "not in an event folder");
        e = assertThrows(IllegalArgumentException.class, () -> WiderPredictions.read(tmp));
        assertEquals("no prediction files <event>/<image>.txt under " + tmp, e.getMessage());
    }

    private Path write(String relative, String... lines) throws IOException {
        Path file = tmp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines));
        return file;
    }
}
