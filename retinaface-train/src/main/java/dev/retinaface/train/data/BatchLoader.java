package dev.retinaface.train.data;

import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.MatchedTargets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Produces augmented, matched batches on worker threads (the images of one batch in parallel).
 *
 * <p>A batch is prepared only when {@link Iterator#next()} asks for it, never while the network trains:
 * with the workers running at the same time as the PyTorch forward/backward pass, sporadic backward passes
 * returned gradients of 1e20 and more (docs/training.md, "sporadic gradient spikes"; cause not found, the data
 * themselves are identical). Without the overlap no spike was seen.
 *
 * <p>Reproducible: each epoch's order is a shuffle seeded by (seed, epoch) and each sample's augmentation is
 * seeded by (seed, epoch, position), so results do not depend on thread timing, and an epoch can start at any
 * batch (exact resume) without replaying the earlier ones. The last batch of an epoch may be smaller, as the
 * reference's {@code DataLoader} gives it.
 *
 * <p>A sample whose image cannot be read or decoded is skipped (its batch is one image smaller), counted and
 * named on standard error; a batch in which every image fails is an error.
 */
public final class BatchLoader implements AutoCloseable {

    private final TrainingSet set;
    private final Augmenter augmenter;
    private final AnchorMatcher matcher;
    private final int batchSize;
    private final long seed;
    private final int prefetchBatches;
    private final ExecutorService workers;
    private final AtomicInteger skipped = new AtomicInteger();

    public BatchLoader(TrainingSet set, Augmenter augmenter, AnchorMatcher matcher, int batchSize, long seed, int workers) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("the training set has no images with faces");
        }
        if (batchSize <= 0 || workers <= 0) {
            throw new IllegalArgumentException("batch size and workers must be > 0");
        }
        this.set = set;
        this.augmenter = augmenter;
        this.matcher = matcher;
        this.batchSize = batchSize;
        this.seed = seed;
        this.prefetchBatches = 1; // see the class comment: no batch is prepared during a training step
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "retinaface-loader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Samples skipped so far because their image could not be read. */
    public int skippedSamples() {
        return skipped.get();
    }

    /** Batches per epoch: ceil(images / batch size). */
    public int batchesPerEpoch() {
        return (set.size() + batchSize - 1) / batchSize;
    }

    /** The image order of an epoch (indices into the training set). */
    public int[] order(int epoch) {
        int n = set.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** One augmented sample, exactly as the loader makes it for {@code position} of {@code epoch}. */
    public AugmentedSample sample(int epoch, int position) throws IOException {
        TrainingSet.Entry entry = set.entries().get(order(epoch)[position]);
        return augment(entry, epoch, position);
    }

    private AugmentedSample augment(TrainingSet.Entry entry, int epoch, int position) throws IOException {
        BgrImage image = BgrImage.read(entry.image());
        return augmenter.augment(image, entry.faces(), new SplittableRandom(mix(seed, epoch, position)));
    }

    /** The batches of {@code epoch} from batch {@code startBatch} on, each prepared on the workers when asked for. */
    public Iterator<Batch> epoch(int epoch, int startBatch) {
        int[] order = order(epoch);
        int total = batchesPerEpoch();
        int size = augmenter.config().imageSize();
        return new Iterator<>() {
            private int next = startBatch;
            private final Deque<List<Future<Prepared>>> queue = new ArrayDeque<>();
            private int submitted = startBatch;

            private void fill() {
                while (submitted < total && queue.size() < prefetchBatches) {
                    List<Future<Prepared>> futures = new ArrayList<>();
                    int from = submitted * batchSize;
                    int to = Math.min(from + batchSize, order.length);
                    for (int p = from; p < to; p++) {
                        final int position = p;
                        futures.add(workers.submit(() -> prepare(set.entries().get(order[position]), epoch, position, size)));
                    }
                    queue.add(futures);
                    submitted++;
                }
            }

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                fill();
                List<Future<Prepared>> futures = queue.poll();
                next++;
                List<Prepared> ready = new ArrayList<>();
                IOException failure = null;
                for (Future<Prepared> f : futures) {
                    try {
                        ready.add(await(f));
                    } catch (UncheckedIOException e) {
                        failure = e.getCause();
                        System.err.println("skipping training sample (" + skipped.incrementAndGet() + " so far): "
                                + e.getCause().getMessage());
                    }
                }
                if (ready.isEmpty()) {
                    throw new UncheckedIOException("no image of a batch could be read", failure);
                }
                float[] images = new float[ready.size() * 3 * size * size];
                List<MatchedTargets> targets = new ArrayList<>();
                for (int i = 0; i < ready.size(); i++) {
                    Prepared p = ready.get(i);
                    System.arraycopy(p.input, 0, images, i * p.input.length, p.input.length);
                    targets.add(p.targets);
                }
                return new Batch(images, size, size, targets);
            }
        };
    }

    private record Prepared(float[] input, MatchedTargets targets) {
    }

    private Prepared prepare(TrainingSet.Entry entry, int epoch, int position, int size) throws IOException {
        AugmentedSample s = augment(entry, epoch, position);
        float[] input = new float[3 * size * size];
        s.image().toNetworkInput(input, 0);
        return new Prepared(input, matcher.match(s.faces()));
    }

    private static Prepared await(Future<Prepared> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException("loading a training sample failed: " + e.getCause(), e.getCause());
        }
    }

    /** Seed of one random stream from (seed, epoch, position): SplitMix64-style mixing. */
    static long mix(long seed, int epoch, int position) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + (position + 1L) * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
