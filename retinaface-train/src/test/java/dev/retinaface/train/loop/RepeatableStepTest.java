package dev.retinaface.train.loop;

import ai.djl.ndarray.NDArray;
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
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Single-threaded determinism of a training step: the same step from the same weights gives bit-identical losses
 * and gradients every time, also with the garbage collector run between steps (which would free any Java
 * buffer a tensor still used). See {@link GradientSpikeReproducer} for the case that is not deterministic.
 */
class RepeatableStepTest {

    private static final int SIZE = 160;
    private static final String PROBE = "BboxHead.1.conv1x1.weight";

    @Test
    void sameStepGivesTheSameGradientEveryTime() {
        try (NDManager manager = OfflineEngine.start().newBaseManager()) {
            RetinaFaceBlock block = new RetinaFaceBlock(MobileNetV1.retinaFace());
            ParameterInit.pytorchDefault(block, manager, 7L);
            StepRunner runner = new StepRunner(block, new MultiBoxLoss(LossConfig.reference()), manager);
            Batch batch = syntheticBatch(4, 11L);
            NDArray probe = block.parametersByKey().get(PROBE).getArray();
            float[] firstGrad = null;
            float firstLoss = 0;
            for (int i = 0; i < 60; i++) {
                float loss = runner.forwardBackward(batch).total();
                float[] grad;
                try (NDArray g = probe.getGradient()) {
                    grad = g.toFloatArray();
                    g.subi(g);
                }
                System.gc();
                if (firstGrad == null) {
                    firstGrad = grad;
                    firstLoss = loss;
                } else {
                    assertEquals(firstLoss, loss, 0f, "loss of repeat " + i);
                    assertArrayEquals(firstGrad, grad, 0f, "gradient of " + PROBE + " at repeat " + i);
                }
            }
        }
    }

    @Test
    void twoRunsFromTheSameStartAreIdentical() {
        float[] a = run();
        float[] b = run();
        assertArrayEquals(a, b, 0f);
    }

    private static float[] run() {
        try (NDManager manager = OfflineEngine.start().newBaseManager()) {
            RetinaFaceBlock block = new RetinaFaceBlock(MobileNetV1.retinaFace());
            ParameterInit.pytorchDefault(block, manager, 7L);
            StepRunner runner = new StepRunner(block, new MultiBoxLoss(LossConfig.reference()), manager);
            Sgd sgd = new Sgd(block, SgdConfig.reference(), manager);
            float[] losses = new float[30];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = runner.forwardBackward(syntheticBatch(4, i)).total();
                sgd.step(1e-2f, 1f);
                System.gc();
            }
            return losses;
        }
    }

    /** Random images with a few random faces each, matched to the reference anchors. */
    static Batch syntheticBatch(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        AnchorMatcher matcher = AnchorMatcher.of(PriorConfig.reference(), SIZE, SIZE, MatchConfig.reference());
        float[] images = new float[n * 3 * SIZE * SIZE];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (random.nextDouble() * 255 - 110);
        }
        List<MatchedTargets> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<GroundTruth> faces = new ArrayList<>();
            for (int f = 0; f < 3; f++) {
                float w = (float) (0.1 + random.nextDouble() * 0.4);
                float x = (float) (random.nextDouble() * (1 - w));
                float y = (float) (random.nextDouble() * (1 - w));
                float[] lm = new float[10];
                for (int k = 0; k < 5; k++) {
                    lm[2 * k] = x + w * (0.2f + 0.15f * k);
                    lm[2 * k + 1] = y + w * (0.3f + 0.1f * k);
                }
                faces.add(new GroundTruth(new float[] {x, y, x + w, y + w}, lm));
            }
            targets.add(matcher.match(faces));
        }
        return new Batch(images, SIZE, SIZE, targets);
    }
}
