package dev.retinaface.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint is data: pickles naming any global outside the allow-list are refused before anything is
 * constructed. Each payload would create {@code marker} if it ever ran.
 */
class CheckpointSafetyTest {

    @TempDir
    Path tmp;

    private Path marker() {
        return tmp.resolve("payload-ran");
    }

    private String touch() {
        return "touch " + marker();
    }

    private void assertRefused(Path file, String global) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": refused global '" + global + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("must never run code"), e.getMessage());
        assertFalse(Files.exists(marker()), "payload ran");
    }

    @Test
    void refusesOsSystemAsTheFirstPickle() throws Exception {
        Path file = Files.write(tmp.resolve("os.pth"), CraftedFiles.globalCall("os", "system", touch()));
        assertRefused(file, "os.system");
    }

    @Test
    void refusesOsSystemInPlaceOfATensor() throws Exception {
        Path file = CraftedFiles.legacy(tmp.resolve("legacy.pth"), CraftedFiles.stateDictWithCall("os", "system", touch()));
        assertRefused(file, "os.system");
    }

    @Test
    void refusesPosixSystemInsideZipCheckpoint() throws Exception {
        Path file = CraftedFiles.zip(tmp.resolve("zip.pth"), CraftedFiles.stateDictWithCall("posix", "system", touch()));
        assertRefused(file, "posix.system");
    }

    @Test
    void refusesBuiltinsEvalThroughStackGlobal() throws Exception {
        String code = "__import__('os').system('" + touch() + "')";
        Path file = CraftedFiles.legacy(tmp.resolve("eval.pth"), CraftedFiles.stackGlobalCall("builtins", "eval", code));
        assertRefused(file, "builtins.eval");
    }

    @Test
    void refusesBuiltinsEvalThroughGlobal() throws Exception {
        Path file = CraftedFiles.legacy(tmp.resolve("eval2.pth"),
                CraftedFiles.globalCall("builtins", "eval", "__import__('os').system('" + touch() + "')"));
        assertRefused(file, "builtins.eval");
    }

    @Test
    void refusesPython2GetattrAndNumpyReconstruct() throws Exception {
        assertRefused(CraftedFiles.legacy(tmp.resolve("getattr.pth"),
                CraftedFiles.globalCall("__builtin__", "getattr", "x")), "__builtin__.getattr");
        assertRefused(CraftedFiles.legacy(tmp.resolve("numpy.pth"),
                CraftedFiles.instCall("numpy.core.multiarray", "_reconstruct", "x")), "numpy.core.multiarray._reconstruct");
    }

    @Test
    void refusesBuildOnAnythingButADict() throws Exception {
        // EMPTY_LIST, EMPTY_DICT, BUILD: setting state on a non-dict (would call __setstate__ in Python)
        Path file = CraftedFiles.legacy(tmp.resolve("build.pth"), new byte[] {(byte) 0x80, 2, ']', '}', 'b', '.'});
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": refused to set state of ArrayList"), e.getMessage());
    }
}
