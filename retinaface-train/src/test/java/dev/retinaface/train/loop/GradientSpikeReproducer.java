package dev.retinaface.train.loop;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reproducer of the open gradient-spike problem (docs/training.md). Opt-in because it takes about a minute
 * and fails only with a probability (3 of 4 runs so far):
 * {@code RETINAFACE_SPIKE_PROBE=1 mvn -o -q -B -pl retinaface-train -am test -Dtest=GradientSpikeReproducer
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>A {@link Trainer} run of 200 steps (32 images at 160 px, batch 8, ImageNet backbone, warm-up to lr 1e-2).
 * The same weights and batches, made beforehand and trained in one thread, give a smooth loss curve (about
 * 38 falling to 15, bit for bit the same every time); here a step's loss sometimes jumps to 1e3..1e18 or NaN.
 */
@EnabledIfEnvironmentVariable(named = "RETINAFACE_SPIKE_PROBE", matches = "1")
class GradientSpikeReproducer {

    @TempDir
    Path tmp;

    @Test
    void trainingLossNeverExplodes() throws Exception {
        Path root = SharedData.resolve("widerface/WIDER_train");
        Path backbone = SharedData.resolve("weights/mobilenetV1X0.25_pretrain.tar");
        TrainConfig defaults = TrainConfig.defaults(root.resolve("label.txt"), root.resolve("images"), tmp,
                TrainingPreset.REFERENCE);
        TrainConfig config = defaults.withInit(Initialization.imagenetBackbone(backbone))
                .withData(defaults.data().withMaxImages(32))
                .withAugment(AugmentConfig.reference(160))
                .withBatching(new TrainConfig.Batching(8, 1, 2))
                .withSchedule(defaults.schedule().withEpochs(50,
                        new LearningRateSchedule(1e-2f, 1, 1e-3f, new int[] {1000}, 0.1f)))
                .withSeed(7)
                .withThreads(2);
        List<Float> losses = new ArrayList<>();
        new Trainer(config).addListener(new ProgressListener() {
            @Override
            public void onStep(StepReport r) {
                losses.add(r.loss().total());
            }
        }).run();
        for (int step = 0; step < losses.size(); step++) {
            float loss = losses.get(step);
            assertTrue(loss < 100, "step " + step + " loss " + loss + "; all: " + losses);
        }
    }
}
