package dev.retinaface.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.train.data.Batch;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.loss.LossConfig;
import dev.retinaface.train.loss.MultiBoxLoss;
import dev.retinaface.train.loop.StepRunner;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.GroundTruth;
import dev.retinaface.train.match.MatchConfig;
import dev.retinaface.train.net.ParameterInit;
import dev.retinaface.train.net.RetinaFaceBlock;
import dev.retinaface.train.net.WeightTransfer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Autograd gradients of the full loss (training-mode batch norm, OHEM) against central finite differences,
 * in float64 on a small synthetic batch; and one SGD update against the PyTorch formula.
 */
class GradientCheckTest {

    private static final int SIZE = 64;
    private static NDManager manager;
    private static Batch batch;

    @BeforeAll
    static void setUp() {
        manager = OfflineEngine.start().newBaseManager();
        Random random = new Random(5);
        float[] images = new float[2 * 3 * SIZE * SIZE];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (random.nextGaussian() * 50);
        }
        AnchorMatcher matcher = AnchorMatcher.of(PriorConfig.reference(), SIZE, SIZE, MatchConfig.reference());
        float[] lm = {0.3f, 0.3f, 0.45f, 0.3f, 0.38f, 0.4f, 0.32f, 0.5f, 0.44f, 0.5f};
        batch = new Batch(images, SIZE, SIZE, List.of(
                matcher.match(List.of(new GroundTruth(new float[] {0.2f, 0.2f, 0.55f, 0.6f}, lm),
                        new GroundTruth(new float[] {0.7f, 0.1f, 0.95f, 0.4f}, null))),
                matcher.match(List.of(new GroundTruth(new float[] {0.1f, 0.3f, 0.9f, 0.95f}, lm)))));
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static RetinaFaceBlock float64Block(NDManager m) {
        RetinaFaceBlock seed = new RetinaFaceBlock(MobileNetV1.retinaFace());
        ParameterInit.pytorchDefault(seed, m, 11);
        Map<String, Tensor> weights = WeightTransfer.export(seed);
        RetinaFaceBlock block = new RetinaFaceBlock(MobileNetV1.retinaFace());
        for (Map.Entry<String, Parameter> e : block.parametersByKey().entrySet()) {
            Tensor t = weights.get(e.getKey());
            NDArray a = m.create(t.data(), new Shape(t.shape())).toType(DataType.FLOAT64, false);
            a.setRequiresGradient(e.getValue().requiresGradient());
            e.getValue().setArray(a);
        }
        return block;
    }

    @Test
    void autogradAgreesWithFiniteDifferences() {
        RetinaFaceBlock block = float64Block(manager);
        StepRunner runner = new StepRunner(block, new MultiBoxLoss(LossConfig.reference()), manager, DataType.FLOAT64);
        runner.forwardBackward(batch);
        String[] keys = {"body.stage1.0.0.weight", "body.stage2.3.4.weight", "fpn.merge1.0.weight", "ssh2.conv7x7_3.0.weight",
                "ClassHead.1.conv1x1.bias", "BboxHead.0.conv1x1.weight", "LandmarkHead.0.conv1x1.bias"};
        int[] positions = {5, 17, 100, 33, 1, 20, 3};
        double eps = 1e-7;
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            NDArray p = block.parametersByKey().get(keys[i]).getArray();
            double analytic;
            try (NDArray g = p.getGradient()) {
                analytic = g.toDoubleArray()[positions[i]];
            }
            double[] values = p.toDoubleArray();
            double original = values[positions[i]];
            double[] losses = new double[2];
            for (int s = 0; s < 2; s++) {
                values[positions[i]] = original + (s == 0 ? eps : -eps);
                setValues(p, values);
                losses[s] = runner.evaluateTotal(batch, true);
            }
            values[positions[i]] = original;
            setValues(p, values);
            double numeric = (losses[0] - losses[1]) / (2 * eps);
            System.out.printf("grad %s[%d]: autograd %.6e finite difference %.6e%n", keys[i], positions[i], analytic, numeric);
            failures.append(Math.abs(analytic - numeric) > 2e-3 * Math.max(Math.abs(analytic), 1e-2) ? keys[i] + " " : "");
        }
        assertEquals("", failures.toString());
    }

    private static void setValues(NDArray p, double[] values) {
        boolean mode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        p.set(values);
        JniUtils.setGradMode(mode);
    }

    @Test
    void sgdUpdateFollowsTorchFormula() {
        RetinaFaceBlock block = new RetinaFaceBlock(MobileNetV1.retinaFace());
        ParameterInit.pytorchDefault(block, manager, 3);
        StepRunner runner = new StepRunner(block, new MultiBoxLoss(LossConfig.reference()), manager);
        Sgd sgd = new Sgd(block, new SgdConfig(0.9f, 5e-4f), manager);
        NDArray w = block.parametersByKey().get("ClassHead.0.conv1x1.weight").getArray();
        float[] p0 = w.toFloatArray();
        runner.forwardBackward(batch);
        float[] g0;
        try (NDArray g = w.getGradient()) {
            g0 = g.toFloatArray();
        }
        sgd.step(0.01f, 0.5f);
        float[] p1 = w.toFloatArray();
        float[] expected1 = new float[p0.length];
        float[] buf = new float[p0.length];
        for (int i = 0; i < p0.length; i++) {
            buf[i] = g0[i] * 0.5f + 5e-4f * p0[i];
            expected1[i] = p0[i] - 0.01f * buf[i];
        }
        assertArrayEquals(expected1, p1, 1e-7f);
        try (NDArray g = w.getGradient()) {
            assertTrue(g.abs().max().getFloat() == 0f, "gradients are cleared after the step");
        }
        runner.forwardBackward(batch);
        float[] g1;
        try (NDArray g = w.getGradient()) {
            g1 = g.toFloatArray();
        }
        sgd.step(0.01f, 1f);
        float[] p2 = w.toFloatArray();
        for (int i = 0; i < p0.length; i++) {
            buf[i] = 0.9f * buf[i] + g1[i] + 5e-4f * p1[i];
            assertEquals(p1[i] - 0.01f * buf[i], p2[i], 1e-7f);
        }
        assertEquals(block.network().parameterShapes().size() - 2 * countBatchNorms(block), sgd.state().size());
    }

    private static int countBatchNorms(RetinaFaceBlock block) {
        return (int) block.parametersByKey().keySet().stream().filter(k -> k.endsWith(".running_mean")).count();
    }
}
