package dev.retinaface.train.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.data.Augmenter;
import dev.retinaface.train.data.Batch;
import dev.retinaface.train.data.BatchLoader;
import dev.retinaface.train.data.TrainingSet;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.loss.LossConfig;
import dev.retinaface.train.loss.LossParts;
import dev.retinaface.train.loss.MultiBoxLoss;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.MatchConfig;
import dev.retinaface.train.net.RetinaFaceBlock;
import dev.retinaface.train.net.WeightTransfer;
import dev.retinaface.train.optim.Sgd;
import dev.retinaface.train.optim.SgdConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Seconds per training step (forward with the loss, backward, SGD update, each timed apart) for batch 8 of real
 * WIDER FACE training images (reference augmentation, seed 1) from {@code mobilenet0.25_Final.pth}, no data loading
 * in the timed part. A measurement, not a test:
 * {@code mvn -o -q -B -pl retinaface-train -am test -Dtest=StepSpeedBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dretinaface.bench=true} with {@code -Dretinaface.bench.threads} (2), {@code -Dretinaface.bench.size} (640),
 * {@code -Dretinaface.bench.steps} (5), {@code -Dretinaface.bench.profile=FILE} (one more step under PyTorch's profiler,
 * written as a Chrome trace); engine threading through {@code -Dai.djl.pytorch.num_threads},
 * {@code -Dai.djl.pytorch.num_interop_threads} and {@code OMP_NUM_THREADS} (surefire passes the environment on).
 */
class StepSpeedBenchmark {

    /** The same measurement without JUnit: {@code java -cp TEST_CLASSPATH dev.retinaface.train.loop.StepSpeedBenchmark}. */
    public static void main(String[] args) throws Exception {
        System.setProperty("retinaface.bench", "true");
        new StepSpeedBenchmark().secondsPerStep();
        System.exit(0);
    }

    @Test
    void secondsPerStep() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("retinaface.bench"), "benchmark: set -Dretinaface.bench=true");
        int threads = Integer.getInteger("retinaface.bench.threads", 2);
        int size = Integer.getInteger("retinaface.bench.size", 640);
        int steps = Integer.getInteger("retinaface.bench.steps", 5);
        int batchSize = 8;
        Path root = SharedData.resolve("widerface/WIDER_train");
        TrainingSet set = TrainingSet.read(root.resolve("label.txt"), root.resolve("images"));
        AnchorMatcher matcher = AnchorMatcher.of(PriorConfig.reference(), size, size, MatchConfig.reference());
        Batch batch;
        try (BatchLoader loader = new BatchLoader(set, new Augmenter(AugmentConfig.reference(size)), matcher, batchSize, 1, 1)) {
            batch = loader.epoch(0, 0).next();
        }
        try (NDManager manager = OfflineEngine.start(threads).newBaseManager()) {
            RetinaFaceBlock block = new RetinaFaceBlock(MobileNetV1.retinaFace());
            WeightTransfer.load(block, CheckpointReader.read(SharedData.resolve("weights/mobilenet0.25_Final.pth")).stateDict(),
                    manager);
            StepRunner runner = new StepRunner(block, new MultiBoxLoss(LossConfig.reference()), manager);
            Sgd sgd = new Sgd(block, SgdConfig.reference(), manager);
            double[][] t = new double[3][steps];
            for (int s = -1; s < steps; s++) { // step -1 warms up
                long t0 = System.nanoTime();
                long t1;
                long t2;
                try (NDManager step = manager.newSubManager();
                     GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    LossParts parts = runner.lossOf(batch, step, true);
                    parts.values();
                    t1 = System.nanoTime();
                    collector.backward(parts.total());
                    t2 = System.nanoTime();
                }
                sgd.step(1e-4f, 1f);
                long t3 = System.nanoTime();
                if (s >= 0) {
                    t[0][s] = (t1 - t0) / 1e9;
                    t[1][s] = (t2 - t1) / 1e9;
                    t[2][s] = (t3 - t2) / 1e9;
                    if (Boolean.getBoolean("retinaface.bench.verbose")) {
                        System.out.printf(Locale.ROOT, "benchmark: step %d: forward+loss %.3f backward %.3f update %.3f s%n",
                                s, t[0][s], t[1][s], t[2][s]);
                    }
                }
            }
            String profile = System.getProperty("retinaface.bench.profile");
            if (profile != null) { // one more step under the PyTorch profiler: a Chrome trace with every op's time
                JniUtils.startProfile(false, false, false);
                try (NDManager step = manager.newSubManager();
                     GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    collector.backward(runner.lossOf(batch, step, true).total());
                }
                sgd.step(1e-4f, 1f);
                JniUtils.stopProfile(profile);
            }
            double f = median(t[0]);
            double b = median(t[1]);
            double u = median(t[2]);
            System.out.printf(Locale.ROOT, "benchmark: batch %d at %dx%d, threads %d (engine intra %d, inter-op %d, OMP_NUM_THREADS %s):"
                            + " %.3f s per step (%.1f images/s) = forward+loss %.3f + backward %.3f + update %.3f (medians of %d;"
                            + " step min %.3f max %.3f)%n", batchSize, size, size, threads, JniUtils.getNumThreads(),
                    JniUtils.getNumInteropThreads(), System.getenv("OMP_NUM_THREADS"), f + b + u, batchSize / (f + b + u),
                    f, b, u, steps, min(t), max(t));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[][] t) {
        double m = Double.MAX_VALUE;
        for (int s = 0; s < t[0].length; s++) {
            m = Math.min(m, t[0][s] + t[1][s] + t[2][s]);
        }
        return m;
    }

    private static double max(double[][] t) {
        double m = 0;
        for (int s = 0; s < t[0].length; s++) {
            m = Math.max(m, t[0][s] + t[1][s] + t[2][s]);
        }
        return m;
    }
}
