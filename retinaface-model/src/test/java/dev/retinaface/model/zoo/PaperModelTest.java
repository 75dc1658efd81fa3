package dev.retinaface.model.zoo;

import dev.retinaface.core.anchors.PriorBoxes;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.CheckpointWriter;
import dev.retinaface.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper preset's network is a zoo model: its weights files load and are recognised. */
class PaperModelTest {

    @Test
    void paperModelHasFiveLevelsOfThreeFloatAnchors() {
        ModelSpec spec = ModelZoo.get(ModelZoo.PAPER_MODEL);
        PriorConfig priors = spec.priors();
        assertEquals(PriorConfig.paper(), priors);
        assertEquals(5, priors.levels());
        assertEquals(102_300, PriorBoxes.count(priors, 640, 640));
        assertEquals(16f * (float) Math.pow(2, 1 / 3.0), priors.minSizes()[0][1], 1e-5f);
        assertFalse(spec.hasPublishedWeights());
    }

    @Test
    void itsWeightsLoadFromAFileAndAreRecognised(@TempDir Path tmp) throws Exception {
        ModelSpec spec = ModelZoo.get(ModelZoo.PAPER_MODEL);
        Map<String, Tensor> weights = zeros(spec.network());
        Path file = tmp.resolve("final.pth");
        CheckpointWriter.write(file, weights);

        assertEquals(weights.keySet(), ModelZoo.loadWeights(spec, file).keySet());
        assertEquals(Optional.of(ModelZoo.PAPER_MODEL), ModelZoo.guessModel(weights));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ModelZoo.loadWeights(spec, null));
        assertTrue(none.getMessage().contains("no published weights"), none.getMessage());
        assertThrows(NoSuchFileException.class, () -> ModelZoo.loadWeights(spec, tmp.resolve("missing.pth")));
        // the reference model refuses the file and names the architecture it fits
        Exception wrong = assertThrows(Exception.class,
                () -> ModelZoo.readChecked(ModelZoo.get(ModelZoo.DEFAULT_MODEL), file));
        assertTrue(wrong.getMessage().contains(ModelZoo.PAPER_MODEL), wrong.getMessage());
    }

    private static Map<String, Tensor> zeros(Network network) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        network.parameterShapes().forEach((key, shape) -> {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            out.put(key, new Tensor(shape, new float[(int) n]));
        });
        return out;
    }
}
