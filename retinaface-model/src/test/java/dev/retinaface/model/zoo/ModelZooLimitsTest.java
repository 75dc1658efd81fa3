package dev.retinaface.model.zoo;

import dev.retinaface.core.testsupport.AllocationBound;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.checkpoint.CheckpointLimitException;
import dev.retinaface.model.checkpoint.HostileCheckpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 13: the zoo reads weights under a cap tied to the model's architecture
 * ({@code CheckpointLimits.forNetwork}), so a checkpoint holding far more tensor data than the model has parameters
 * is refused from its zip header, within a 64 MiB allocation bound ({@link AllocationBound}), in one line naming the
 * file; the published weights still load.
 */
class ModelZooLimitsTest {

    private static final long BOUND = 64L << 20;

    @TempDir
    Path tmp;

    @Test
    void checkpointFarLargerThanTheModelIsRefusedNamingTheFile() throws Exception {
        Path file = HostileCheckpoints.deflatedZip(tmp.resolve("big.pth"), 16 << 20); // 64 MiB of floats, ~64 kB
        ModelSpec spec = ModelZoo.get("mobilenet0.25");

        CheckpointLimitException e = assertThrows(CheckpointLimitException.class,
                () -> { throw AllocationBound.within(BOUND, () -> ModelZoo.readChecked(spec, file)); });

        assertEquals(file + ": zip entry archive/data/0 expands to 64.0 MiB, above the limit of 22.5 MiB for network "
                + "mobilenet0.25 (426608 parameters)", e.getMessage());
    }

    @Test
    void explicitWeightsFileOfAnUnpublishedModelIsBoundedToo() throws Exception {
        Path file = HostileCheckpoints.deflatedZip(tmp.resolve("big.pth"), 16 << 20);

        CheckpointLimitException e = assertThrows(CheckpointLimitException.class,
                () -> ModelZoo.loadWeights(ModelZoo.get(ModelZoo.PAPER_MODEL), file));

        assertEquals(file + ": zip entry archive/data/0 expands to 64.0 MiB, above the limit of 26.6 MiB for network "
                + "mobilenet0.25-paper (692224 parameters)", e.getMessage());
    }

    @Test
    void publishedWeightsLoadUnderTheirArchitectureLimit() throws Exception {
        Path weights = SharedData.resolve("weights/mobilenet0.25_Final.pth");

        assertFalse(ModelZoo.readChecked(ModelZoo.get("mobilenet0.25"), weights).isEmpty());
    }
}
