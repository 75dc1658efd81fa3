package dev.retinaface.train.loss;

import ai.djl.ndarray.NDManager;
import dev.retinaface.train.data.Batch;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.loop.StepRunner;
import dev.retinaface.train.net.RetinaFaceBlock;
import dev.retinaface.train.optim.Sgd;
import dev.retinaface.train.optim.SgdConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few SGD steps from the pretrained weights lower the loss on the reference loss case. */
class SgdStepsTest {

    @Test
    void threeStepsLowerTheLoss() throws Exception {
        try (NDManager manager = OfflineEngine.start().newBaseManager()) {
            LossCase lossCase = new LossCase();
            Batch batch = new Batch(lossCase.images, 640, 640, lossCase.targets);
            RetinaFaceBlock block = LossCase.pretrained(manager);
            StepRunner runner = new StepRunner(block, new MultiBoxLoss(LossConfig.reference()), manager);
            Sgd sgd = new Sgd(block, SgdConfig.reference(), manager);
            float before = runner.evaluate(batch, false).total();
            float first = 0;
            float last = 0;
            for (int step = 0; step < 3; step++) {
                last = runner.forwardBackward(batch).total();
                first = step == 0 ? last : first;
                sgd.step(1e-3f, 1f);
            }
            float after = runner.evaluate(batch, false).total();
            System.out.printf("sgd: inference-mode loss %.4f -> %.4f; training-mode loss %.4f -> %.4f%n", before, after, first, last);
            assertTrue(last < first, "training loss should fall: " + first + " -> " + last);
            assertTrue(after < before, "inference-mode loss should fall: " + before + " -> " + after);
        }
    }
}
