package dev.retinaface.train.loop;

import ai.djl.ndarray.NDManager;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.net.RetinaFaceBlock;
import dev.retinaface.train.net.WeightTransfer;
import dev.retinaface.train.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny run on four shared training images: logs, checkpoints, exact resume, loadable result. */
class TrainerTest {

    @TempDir
    Path tmp;

    private TrainConfig tiny(Path out) {
        Path root = SharedData.resolve("widerface/WIDER_train");
        Path backbone = SharedData.resolve("weights/mobilenetV1X0.25_pretrain.tar");
        TrainConfig config = TrainConfig.defaults(root.resolve("label.txt"), root.resolve("images"), out,
                TrainingPreset.REFERENCE);
        return config.withInit(Initialization.imagenetBackbone(backbone))
                .withData(config.data().withMaxImages(4))
                .withAugment(AugmentConfig.reference(96))
                .withBatching(new TrainConfig.Batching(2, 1, 2))
                .withSchedule(config.schedule().withEpochs(2, new LearningRateSchedule(1e-3f, 1, 1e-4f, new int[] {1}, 0.1f)))
                .withCheckpoints(config.checkpoints().withEvery(1))
                .withSeed(7)
                .withThreads(2);
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        List<ProgressListener.StepReport> steps = new ArrayList<>();
        List<ProgressListener.EpochReport> epochs = new ArrayList<>();
        TrainResult full = new Trainer(tiny(tmp.resolve("full"))).addListener(new ProgressListener() {
            @Override
            public void onStep(StepReport r) {
                steps.add(r);
            }

            @Override
            public void onEpoch(EpochReport r) {
                epochs.add(r);
            }
        }).run();
        assertEquals(4, full.globalSteps());
        assertEquals(4, steps.size());
        assertEquals(2, epochs.size());
        // warm-up over epoch 0 from 1e-4, then x0.1 from epoch 1
        assertEquals(1e-4f, steps.get(0).learningRate(), 1e-9f);
        assertEquals(1e-4f + (1e-3f - 1e-4f) * 0.5f, steps.get(1).learningRate(), 1e-9f);
        assertEquals(1e-4f, steps.get(3).learningRate(), 1e-9f);
        Path out = tmp.resolve("full");
        assertEquals(5, Files.readAllLines(out.resolve("training-log.csv")).size());
        assertTrue(Files.size(out.resolve("loss-curve.png")) > 1000);
        for (int s = 1; s <= 4; s++) {
            assertTrue(Files.exists(out.resolve("checkpoint-" + s + ".pth")));
        }

        // resume after step 1 (epoch 0, batch 1) in another folder
        Path resumedOut = tmp.resolve("resumed");
        Files.createDirectories(resumedOut);
        TrainResult resumed = new Trainer(tiny(resumedOut).withResume(out.resolve("checkpoint-1.pth"))).run();
        assertEquals(4, resumed.globalSteps());
        Map<String, Tensor> a = CheckpointReader.read(full.finalWeights()).stateDict();
        Map<String, Tensor> b = CheckpointReader.read(resumed.finalWeights()).stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
            assertArrayEquals(a.get(key).data(), b.get(key).data(), 0f, key);
        }
        TrainingCheckpoint last = TrainingCheckpoint.read(full.lastCheckpoint());
        assertEquals(2, last.epoch());
        assertEquals(0, last.batch());
        assertFalse(last.optimizer().isEmpty());

        // the result loads into a fresh network like any reference state dict
        try (NDManager m = OfflineEngine.start().newBaseManager()) {
            RetinaFaceBlock block = new RetinaFaceBlock(TrainingPreset.REFERENCE.network());
            WeightTransfer.load(block, a, m);
        }
    }
}
