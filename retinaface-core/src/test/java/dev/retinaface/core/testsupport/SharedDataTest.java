package dev.retinaface.core.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SharedDataTest {

    @TempDir
    Path tmp;

    @Test
    void theEnvironmentVariableWinsOverTheBuildsProperty() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Path builds = Files.createDirectories(tmp.resolve("builds"));

        assertEquals(mine, SharedData.find(mine.toString(), builds.toString()));
        assertEquals(builds, SharedData.find(null, builds.toString()));
        assertEquals(builds, SharedData.find(" ", builds.toString()));
    }

    @Test
    void aVariableNamingNoFolderIsNotReplacedByAnother() throws IOException {
        Path builds = Files.createDirectories(tmp.resolve("builds"));

        assertNull(SharedData.find(tmp.resolve("missing").toString(), builds.toString()));
    }
}
