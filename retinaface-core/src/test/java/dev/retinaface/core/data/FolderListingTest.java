package dev.retinaface.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 13: a folder walk keeps going past what it cannot read and says why. Tests run as root here, where
 * {@code chmod 000} does not stop reading, so a symbolic link loop stands in for an unreadable folder (the walk
 * reaches the same {@code visitFileFailed}); the permission wording is checked on the exception itself.
 */
class FolderListingTest {

    @TempDir
    Path tmp;

    @Test
    void aLinkLoopIsAProblemWithItsReasonAndTheWalkGoesOn() throws IOException {
        Files.writeString(Files.createDirectories(tmp.resolve("a")).resolve("x.jpg"), "x");
        Files.writeString(tmp.resolve("y.jpg"), "y");
        Files.createSymbolicLink(tmp.resolve("a/loop"), tmp.resolve("a"));

        FolderListing listing = FolderListing.of(tmp, Integer.MAX_VALUE, p -> true);

        assertEquals(List.of(tmp.resolve("a/x.jpg"), tmp.resolve("y.jpg")), listing.files());
        assertEquals(List.of(new FolderListing.Problem(tmp.resolve("a/loop"), "symbolic link loop")),
                listing.problems());
        assertEquals(tmp.resolve("a/loop") + ": symbolic link loop", listing.problems().get(0).toString());
    }

    @Test
    void aMissingRootIsAProblemNotAnException() {
        Path missing = tmp.resolve("gone");

        FolderListing listing = FolderListing.of(missing, 3, p -> true);

        assertEquals(List.of(), listing.files());
        assertEquals(List.of(new FolderListing.Problem(missing, "no such file or folder")), listing.problems());
    }

    @Test
    void reasonsAreWords() {
        assertEquals("cannot read the folder or file (permission denied)",
                FolderListing.reason(new AccessDeniedException("/x")));
        assertEquals("no such file or folder", FolderListing.reason(new NoSuchFileException("/x")));
        assertEquals("cannot read (IOException: disk on fire)", FolderListing.reason(new IOException("disk on fire")));
    }
}
