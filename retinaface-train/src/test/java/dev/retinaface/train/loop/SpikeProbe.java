package dev.retinaface.train.loop;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.data.BgrImage;
import dev.retinaface.train.data.TrainingSet;
import dev.retinaface.train.optim.LearningRateSchedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The gradient-spike experiment as a command (docs/training.md, "Investigation"): trains with the knobs below and
 * prints {@code RESULT spike ...} at the first step whose loss passes 100, or {@code RESULT clean ...}. Not a test;
 * run with the test class path:
 * {@code java -cp CP [-Dprobe.X=...] dev.retinaface.train.loop.SpikeProbe}.
 *
 * <p>Knobs (system properties, defaults = the opt-in reproducer scaled up): {@code probe.loader} thread|process
 * (thread), {@code probe.prefetch} (2), {@code probe.workers} (2), {@code probe.predecode} (false: decode every
 * image before the engine starts and augment from memory), {@code probe.garbage} (false: a thread that only
 * allocates Java arrays during training), {@code probe.steps} (300), {@code probe.size} (160), {@code probe.images}
 * (32; 0 = all), {@code probe.batch} (8), {@code probe.lr} (1e-2 after a one-epoch warm-up from a tenth),
 * {@code probe.seed} (7), {@code probe.threads} (2), {@code probe.stop} (true: stop at the first spike).
 */
public final class SpikeProbe {

    private SpikeProbe() {
    }

    public static void main(String[] args) throws Exception {
        String loader = System.getProperty("probe.loader", "thread");
        int prefetch = Integer.getInteger("probe.prefetch", 2);
        int workers = Integer.getInteger("probe.workers", 2);
        boolean predecode = Boolean.getBoolean("probe.predecode");
        boolean garbage = Boolean.getBoolean("probe.garbage");
        int steps = Integer.getInteger("probe.steps", 300);
        int size = Integer.getInteger("probe.size", 160);
        int images = Integer.getInteger("probe.images", 32);
        int batch = Integer.getInteger("probe.batch", 8);
        float lr = Float.parseFloat(System.getProperty("probe.lr", "1e-2"));
        long seed = Long.getLong("probe.seed", 7);
        int threads = Integer.getInteger("probe.threads", 2);
        boolean stop = Boolean.parseBoolean(System.getProperty("probe.stop", "true"));

        Path root = SharedData.resolve("widerface/WIDER_train");
        Path backbone = SharedData.resolve("weights/mobilenetV1X0.25_pretrain.tar");
        Path out = Files.createTempDirectory("spike-probe");
        TrainConfig defaults = TrainConfig.defaults(root.resolve("label.txt"), root.resolve("images"), out,
                TrainingPreset.REFERENCE);
        TrainingSet set = TrainingSet.read(root.resolve("label.txt"), root.resolve("images"));
        int n = images > 0 ? Math.min(images, set.size()) : set.size();
        int perEpoch = (n + batch - 1) / batch;
        int epochs = (steps + perEpoch - 1) / perEpoch;
        TrainConfig config = defaults.withInit(Initialization.imagenetBackbone(backbone))
                .withData(defaults.data().withMaxImages(images))
                .withAugment(AugmentConfig.reference(size))
                .withBatching(new TrainConfig.Batching(batch, 1, workers, prefetch,
                        TrainConfig.Loader.valueOf(loader.toUpperCase(Locale.ROOT))))
                .withSchedule(defaults.schedule().withEpochs(epochs,
                        new LearningRateSchedule(lr, 1, lr / 10, new int[] {100_000}, 0.1f)))
                .withCheckpoints(defaults.checkpoints().withEvery(0))
                .withSeed(seed)
                .withThreads(threads);
        Trainer trainer = new Trainer(config);
        if (predecode) {
            Map<Path, BgrImage> decoded = new HashMap<>();
            for (TrainingSet.Entry e : set.first(n).entries()) {
                decoded.put(e.image(), BgrImage.read(e.image()));
            }
            trainer.withImageReader(file -> decoded.get(file));
        }
        if (garbage) {
            Thread t = new Thread(() -> {
                long sum = 0;
                while (true) {
                    float[] a = new float[3 * 640 * 640];
                    a[(int) (sum & 1023)] = 1;
                    sum += a.length;
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "garbage");
            t.setDaemon(true);
            t.start();
        }
        long start = System.nanoTime();
        int[] count = {0};
        float[] worst = {0};
        int[] spikes = {0};
        int[] first = {-1};
        class Stop extends RuntimeException {
            Stop() {
                super(null, null, false, false);
            }
        }
        System.out.printf(Locale.ROOT, "probe: loader %s prefetch %d workers %d predecode %s garbage %s, %d steps of %d at %d px,"
                + " %d images, lr %g, seed %d, %d threads%n", loader, prefetch, workers, predecode, garbage, steps, batch, size,
                n, lr, seed, threads);
        try {
            trainer.addListener(new ProgressListener() {
                @Override
                public void onStep(StepReport r) {
                    float loss = r.loss().total();
                    count[0]++;
                    worst[0] = Math.max(worst[0], Float.isFinite(loss) ? loss : Float.MAX_VALUE);
                    if (!(loss < 100)) {
                        spikes[0]++;
                        if (first[0] < 0) {
                            first[0] = count[0];
                        }
                        System.out.printf(Locale.ROOT, "step %d loss %g%n", count[0], loss);
                        if (stop) {
                            throw new Stop();
                        }
                    }
                    if (count[0] % 50 == 0) {
                        System.out.printf(Locale.ROOT, "step %d loss %.3f %.1f s%n", count[0], loss,
                                (System.nanoTime() - start) / 1e9);
                    }
                    if (count[0] >= steps) {
                        throw new Stop();
                    }
                }
            }).run();
        } catch (Stop expected) {
            // the run ended where the probe wanted
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT %s steps=%d spikes=%d first=%d worst=%g seconds=%.1f s/step=%.3f%n",
                spikes[0] > 0 ? "spike" : "clean", count[0], spikes[0], first[0], worst[0], seconds, seconds / count[0]);
        System.exit(0);
    }
}
