package dev.retinaface.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutputNamesTest {

    @TempDir
    Path tmp;

    private final Path out = Path.of("out");

    @Test
    void aFolderInputIsMirrored() throws IOException {
        Path photos = tmp.resolve("photos");
        Path a = touch(photos.resolve("a/1.jpg"));
        Path b = touch(photos.resolve("b/1.jpg"));
        Path top = touch(photos.resolve("top.jpeg"));
        OutputNames names = OutputNames.of(List.of(photos), List.of(), InputFiles.expand(List.of(photos), List.of()).files());

        assertEquals(out.resolve("a/1.png"), names.resolve(out, a, ".png"));
        assertEquals(out.resolve("b/1_face0.png"), names.resolve(out, b, "_face0.png"));
        assertEquals(out.resolve("top.png"), names.resolve(out, top, ".png"));
    }

    @Test
    void filesGivenDirectlyAreNamedByFileNameAndClashesAreNumberedInOrder() throws IOException {
        Path x = touch(tmp.resolve("x/1.jpg"));
        Path y = touch(tmp.resolve("y/1.jpg"));
        Path z = touch(tmp.resolve("z/1.jpg"));
        OutputNames names = OutputNames.of(List.of(x, y, z), List.of(), List.of(x, y, z));

        assertEquals(out.resolve("1.png"), names.resolve(out, x, ".png"));
        assertEquals(out.resolve("1_jpg.png"), names.resolve(out, y, ".png"));
        assertEquals(out.resolve("1_2.png"), names.resolve(out, z, ".png"));
    }

    @Test
    void sameNameWithAnotherExtensionKeepsItsExtension() throws IOException {
        Path jpg = touch(tmp.resolve("p/1.jpg"));
        Path png = touch(tmp.resolve("p/1.png"));
        Path p = tmp.resolve("p");
        OutputNames names = OutputNames.of(List.of(p), List.of(), InputFiles.expand(List.of(p), List.of()).files());

        assertEquals(out.resolve("1.png"), names.resolve(out, jpg, ".png"));
        assertEquals(out.resolve("1_png.png"), names.resolve(out, png, ".png"));
    }

    @Test
    void twoFolderInputsWithTheSameTreeDoNotOverwriteEachOther() throws IOException {
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        Path a1 = touch(one.resolve("a/1.jpg"));
        Path a2 = touch(two.resolve("a/1.jpg"));
        List<Path> inputs = List.of(one, two);
        OutputNames names = OutputNames.of(inputs, List.of(), InputFiles.expand(inputs, List.of()).files());

        assertEquals(out.resolve("a/1.png"), names.resolve(out, a1, ".png"));
        assertEquals(out.resolve("a/1_jpg.png"), names.resolve(out, a2, ".png"));
    }

    @Test
    void aListFilesEntriesAreNamedRelativeToItsFolderAndNeverEscapeTheOutput() throws IOException {
        Path inside = touch(tmp.resolve("set/a/1.jpg"));
        Path outside = touch(tmp.resolve("elsewhere/2.jpg"));
        Path list = Files.writeString(tmp.resolve("set/list.txt"), "a/1.jpg\n../elsewhere/2.jpg\n");
        List<Path> files = InputFiles.expand(List.of(), List.of(list)).files();
        OutputNames names = OutputNames.of(List.of(), List.of(list), files);

        assertEquals(out.resolve("a/1.png"), names.resolve(out, files.get(0), ".png"));
        assertEquals(out.resolve("2.png"), names.resolve(out, files.get(1), ".png"));
        assertEquals(List.of(inside.toAbsolutePath().normalize(), outside.toAbsolutePath().normalize()), files);
    }

    @Test
    void aFileThatIsNoInputHasNoName() {
        OutputNames names = OutputNames.of(List.of(), List.of(), List.of());

        assertThrows(IllegalArgumentException.class, () -> names.resolve(out, Path.of("x.jpg"), ".png"));
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "");
    }
}
