package dev.retinaface.train.loop;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.optim.LearningRateSchedule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput with data loading included: images per second of {@link Trainer} runs on the WIDER FACE
 * training images from {@code mobilenet0.25_Final.pth} (batch 8, lr 1e-4), for each loader (threads or worker
 * processes, prefetch 0 or 2), the loaders interleaved round by round so that they share the machine's state.
 * A measurement, not a test:
 * {@code mvn -o -q -B -pl retinaface-train -am test -Dtest=TrainThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dretinaface.bench=true} with {@code -Dretinaface.bench.sizes} (320,640),
 * {@code -Dretinaface.bench.steps} (10; the first 2 of each run are not timed), {@code -Dretinaface.bench.rounds} (1),
 * {@code -Dretinaface.bench.threads} (2), {@code -Dretinaface.bench.loaders} (thread:0,thread:2,process:0,process:2).
 */
class TrainThroughputBenchmark {

    @TempDir
    Path tmp;

    /** The same measurement without JUnit: {@code java -cp TEST_CLASSPATH dev.retinaface.train.loop.TrainThroughputBenchmark}. */
    public static void main(String[] args) throws Exception {
        System.setProperty("retinaface.bench", "true");
        TrainThroughputBenchmark b = new TrainThroughputBenchmark();
        b.tmp = java.nio.file.Files.createTempDirectory("throughput");
        b.imagesPerSecond();
        System.exit(0);
    }

    @Test
    void imagesPerSecond() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("retinaface.bench"), "benchmark: set -Dretinaface.bench=true");
        int threads = Integer.getInteger("retinaface.bench.threads", 2);
        int steps = Integer.getInteger("retinaface.bench.steps", 10);
        int rounds = Integer.getInteger("retinaface.bench.rounds", 1);
        String[] sizes = System.getProperty("retinaface.bench.sizes", "320,640").split(",");
        String[] loaders = System.getProperty("retinaface.bench.loaders", "thread:0,thread:2,process:0,process:2").split(",");
        Path root = SharedData.resolve("widerface/WIDER_train");
        Path weights = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        List<String> lines = new ArrayList<>();
        for (String sizeText : sizes) {
            int size = Integer.parseInt(sizeText.trim());
            double[][] ips = new double[loaders.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int l = 0; l < loaders.length; l++) {
                    String[] kind = loaders[l].split(":");
                    TrainConfig defaults = TrainConfig.defaults(root.resolve("label.txt"), root.resolve("images"),
                            tmp.resolve(size + "-" + l + "-" + r), TrainingPreset.REFERENCE);
                    TrainConfig config = defaults.withInit(Initialization.weights(weights))
                            .withAugment(AugmentConfig.reference(size))
                            .withBatching(new TrainConfig.Batching(8, 1, 2, Integer.parseInt(kind[1]),
                                    TrainConfig.Loader.valueOf(kind[0].toUpperCase(Locale.ROOT))))
                            .withSchedule(defaults.schedule().withEpochs(1,
                                    new LearningRateSchedule(1e-4f, 0, 1e-4f, new int[] {1000}, 0.1f)))
                            .withCheckpoints(defaults.checkpoints().withEvery(0))
                            .withSeed(1 + r)
                            .withThreads(threads);
                    ips[l][r] = run(config, steps);
                    System.out.printf(Locale.ROOT, "benchmark: %d px, %s loader, prefetch %s, round %d: %.2f images/s%n",
                            size, kind[0], kind[1], r + 1, ips[l][r]);
                }
            }
            for (int l = 0; l < loaders.length; l++) {
                double[] v = ips[l].clone();
                Arrays.sort(v);
                lines.add(String.format(Locale.ROOT, "%d px, %-14s: median %.2f images/s (%.2f s per batch of 8), range %.2f-%.2f,"
                        + " %d round(s) of %d timed steps", size, loaders[l], v[v.length / 2], 8 / v[v.length / 2], v[0],
                        v[v.length - 1], rounds, steps - 2));
            }
        }
        System.out.println("benchmark: training throughput, batch 8, " + threads + " engine threads, loading included");
        lines.forEach(line -> System.out.println("benchmark: " + line));
    }

    /** Images per second over steps 3..steps of one run (the run stops after {@code steps}). */
    private static double run(TrainConfig config, int steps) throws Exception {
        long[] at = new long[steps + 1];
        int[] images = new int[steps + 1];
        int[] n = {0};
        class Done extends RuntimeException {
            Done() {
                super(null, null, false, false);
            }
        }
        try {
            new Trainer(config).addListener(new ProgressListener() {
                @Override
                public void onStep(StepReport r) {
                    n[0]++;
                    at[n[0]] = System.nanoTime();
                    images[n[0]] = 8;
                    if (n[0] >= steps) {
                        throw new Done();
                    }
                }
            }).run();
        } catch (Done expected) {
            // measured enough
        }
        int counted = 0;
        for (int s = 3; s <= steps; s++) {
            counted += images[s];
        }
        return counted / ((at[steps] - at[2]) / 1e9);
    }
}
