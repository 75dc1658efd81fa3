package dev.retinaface.train.loop;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.loss.LossValues;
import dev.retinaface.train.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingSupervisorTest {

    @TempDir
    Path tmp;

    private static TrainConfig tiny(Path out) {
        Path root = SharedData.resolve("widerface/WIDER_train");
        Path backbone = SharedData.resolve("weights/mobilenetV1X0.25_pretrain.tar");
        TrainConfig config = TrainConfig.defaults(root.resolve("label.txt"), root.resolve("images"), out,
                TrainingPreset.REFERENCE);
        return config.withInit(Initialization.imagenetBackbone(backbone))
                .withData(config.data().withMaxImages(4))
                .withAugment(AugmentConfig.reference(96))
                .withBatching(new TrainConfig.Batching(2, 1, 2))
                .withSchedule(config.schedule().withEpochs(2, new LearningRateSchedule(1e-3f, 0, 1e-3f, new int[0], 0.1f)))
                .withCheckpoints(config.checkpoints().withEvery(1))
                .withSeed(3)
                .withThreads(2);
    }

    /** Throws a divergence at {@code step} for the first {@code times} attempts that reach it. */
    private static ProgressListener spikeAt(long step, int times, AtomicInteger spikes) {
        return new ProgressListener() {
            @Override
            public void onStep(StepReport r) {
                if (r.globalStep() == step && spikes.get() < times) {
                    spikes.incrementAndGet();
                    throw new TrainingDivergedException(step, Float.NaN, "spike at step " + step);
                }
            }
        };
    }

    @Test
    void aSpikeRestartsFromTheCheckpointBeforeItAndTheRunEndsAsAnUninterruptedOne() throws Exception {
        TrainResult clean = new Trainer(tiny(tmp.resolve("clean"))).run();

        AtomicInteger spikes = new AtomicInteger();
        List<Long> restartedFrom = new ArrayList<>();
        TrainResult restarted = new TrainingSupervisor(t -> t.addListener(spikeAt(3, 1, spikes)))
                .onRestart((cause, from, step) -> restartedFrom.add(step))
                .run(tiny(tmp.resolve("restarted")));

        // checkpoint-1.pth: the newest taken before the step ahead of the spike (checkpoint-2 may hold its cause)
        assertEquals(List.of(1L), restartedFrom);
        assertEquals(clean.globalSteps(), restarted.globalSteps());
        // the summary and restarts.csv name the restart; no image was skipped, every trained image counted once
        assertEquals(List.of(new TrainResult.Restart(3, Float.NaN, tmp.resolve("restarted").resolve("checkpoint-1.pth"), 1)),
                restarted.restarts());
        assertEquals(List.of("diverged_step,loss,resumed_from,resumed_step", "3,NaN,checkpoint-1.pth,1"),
                java.nio.file.Files.readAllLines(tmp.resolve("restarted").resolve("restarts.csv")));
        assertEquals(0, clean.restarts().size());
        assertEquals(0, restarted.skippedSamples());
        assertEquals(8, clean.imagesTrained());
        Map<String, Tensor> a = CheckpointReader.read(clean.finalWeights()).stateDict();
        Map<String, Tensor> b = CheckpointReader.read(restarted.finalWeights()).stateDict();
        for (String key : a.keySet()) {
            assertArrayEquals(a.get(key).data(), b.get(key).data(), 0f, key);
        }
    }

    @Test
    void repeatedSpikesGiveUpAfterTheRestartLimit() {
        AtomicInteger spikes = new AtomicInteger();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new TrainingSupervisor(t -> t.addListener(spikeAt(3, Integer.MAX_VALUE, spikes)))
                        .run(tiny(tmp.resolve("always"))));
        assertEquals(TrainingSupervisor.MAX_RESTARTS + 1, spikes.get());
        assertTrue(e.getMessage().contains(TrainingSupervisor.MAX_RESTARTS + " times from"), e.getMessage());
    }

    @Test
    void aSpikeBeforeAnyCheckpointFails() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new TrainingSupervisor(t -> t.addListener(spikeAt(1, 1, new AtomicInteger())))
                        .run(tiny(tmp.resolve("early"))));
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("before any checkpoint"), e.getMessage());
    }

    @Test
    void guardStopsNonFiniteAndExplodingLosses() {
        DivergenceGuard guard = new DivergenceGuard(100f);
        guard.onStep(step(99f));
        assertThrows(TrainingDivergedException.class, () -> guard.onStep(step(100f)));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> guard.onStep(step(Float.NaN)));
        assertEquals(5, e.step());
        assertThrows(IllegalArgumentException.class, () -> new DivergenceGuard(0f));
    }

    private static ProgressListener.StepReport step(float total) {
        return new ProgressListener.StepReport(0, 4, 10, 5, 1e-3f, new LossValues(total, 0f, 0f, total), 1.0);
    }
}
