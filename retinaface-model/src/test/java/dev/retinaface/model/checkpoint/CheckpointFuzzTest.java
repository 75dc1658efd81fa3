package dev.retinaface.model.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.retinaface.core.testsupport.FuzzFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzz target for {@link CheckpointReader}, both container formats (the reader tells them apart by the first
 * bytes). A hostile file may only end in a {@link CheckpointException}; anything else (an unchecked exception, an
 * {@code OutOfMemoryError}, code run through a pickle global) is a finding. The limits are small (16 MiB) so an
 * accepted input never takes long. Seeds ({@code CheckpointFuzzTestInputs/read/}): valid zip and legacy files,
 * the tensor bomb, a zip entry declaring 3 GiB, one inflating past its declared size, and a pickle calling
 * {@code os.system}. {@code ./fuzz checkpoint 10} fuzzes.
 */
class CheckpointFuzzTest {

    private static final FuzzFiles FILE = new FuzzFiles("fuzz.pth");
    private static final CheckpointLimits LIMITS = new CheckpointLimits(16L << 20, 1L << 20);

    @FuzzTest(maxDuration = "10m")
    void read(byte[] input) throws IOException {
        try {
            Checkpoint c = CheckpointReader.read(FILE.with(input), LIMITS);
            long values = c.stateDict().values().stream().mapToLong(Tensor::size).sum();
            if (4 * values > LIMITS.maxBytes()) {
                throw new IllegalStateException("read " + values + " values past the limit");
            }
        } catch (CheckpointException expected) {
            // refused, naming the file and the reason
        }
    }

    /** Rewrites the seed corpus: {@code mvn test -Dtest=CheckpointFuzzTest#writeSeeds -Dretinaface.writeSeeds=true}. */
    @Test
    @EnabledIfSystemProperty(named = "retinaface.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path dir = Path.of("src/test/resources/dev/retinaface/model/checkpoint/CheckpointFuzzTestInputs/read");
        Files.createDirectories(dir);
        CheckpointWriter.write(dir.resolve("valid-zip.pth"), Map.of("conv.weight",
                new Tensor(new long[] {2, 2}, new float[] {1, 2, 3, 4})));
        HostileCheckpoints.validLegacy(dir.resolve("valid-legacy.pth"));
        HostileCheckpoints.tensorBomb(dir.resolve("tensor-bomb.pth"));
        HostileCheckpoints.declareSize(HostileCheckpoints.deflatedZip(dir.resolve("zip-declares-3gib.pth"), 256),
                "archive/data/0", 3L << 30);
        HostileCheckpoints.declareSize(HostileCheckpoints.deflatedZip(dir.resolve("zip-inflates-past.pth"), 4096),
                "archive/data/0", 64);
        Files.write(dir.resolve("os-system.pth"), CraftedFiles.stateDictWithCall("os", "system", "echo pwned"));
    }
}
