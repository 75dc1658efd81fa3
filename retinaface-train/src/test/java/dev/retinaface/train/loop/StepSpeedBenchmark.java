package dev.retinaface.train.loop;

import ai.djl.ndarray.NDManager;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.train.data.Batch;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.loss.LossConfig;
import dev.retinaface.train.loss.MultiBoxLoss;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.GroundTruth;
import dev.retinaface.train.match.MatchConfig;
import dev.retinaface.train.match.MatchedTargets;
import dev.retinaface.train.net.ParameterInit;
import dev.retinaface.train.net.RetinaFaceBlock;
import dev.retinaface.train.optim.Sgd;
import dev.retinaface.train.optim.SgdConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seconds per training step (forward, loss, backward, SGD update) for batch 8 at 640×640. A measurement, not a
 * test: runs only with {@code -Dretinaface.bench=true} (threads: {@code -Dretinaface.bench.threads}, default 2).
 */
class StepSpeedBenchmark {

    @Test
    void secondsPerStep() {
        Assumptions.assumeTrue(Boolean.getBoolean("retinaface.bench"), "benchmark: set -Dretinaface.bench=true");
        int threads = Integer.getInteger("retinaface.bench.threads", 2);
        int batchSize = 8;
        try (NDManager manager = OfflineEngine.start(threads).newBaseManager()) {
            RetinaFaceBlock block = new RetinaFaceBlock(MobileNetV1.retinaFace());
            ParameterInit.pytorchDefault(block, manager, 1);
            Random random = new Random(1);
            float[] images = new float[batchSize * 3 * 640 * 640];
            for (int i = 0; i < images.length; i++) {
                images[i] = random.nextFloat() * 255 - 117;
            }
            AnchorMatcher matcher = AnchorMatcher.of(PriorConfig.reference(), 640, 640, MatchConfig.reference());
            List<MatchedTargets> targets = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                List<GroundTruth> faces = new ArrayList<>();
                for (int f = 0; f < 6; f++) {
                    float x = random.nextFloat() * 0.8f, y = random.nextFloat() * 0.8f, s = 0.02f + random.nextFloat() * 0.15f;
                    faces.add(new GroundTruth(new float[] {x, y, x + s, y + s}, null));
                }
                targets.add(matcher.match(faces));
            }
            Batch batch = new Batch(images, 640, 640, targets);
            StepRunner runner = new StepRunner(block, new MultiBoxLoss(LossConfig.reference()), manager);
            Sgd sgd = new Sgd(block, SgdConfig.reference(), manager);
            runner.forwardBackward(batch); // warm-up
            sgd.step(1e-3f, 1f);
            int steps = Integer.getInteger("retinaface.bench.steps", 5);
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                runner.forwardBackward(batch);
                sgd.step(1e-3f, 1f);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / steps;
            System.out.printf("benchmark: batch %d at 640x640, %d threads: %.3f s per step (%.1f images/s)%n",
                    batchSize, threads, seconds, batchSize / seconds);
        }
    }
}
