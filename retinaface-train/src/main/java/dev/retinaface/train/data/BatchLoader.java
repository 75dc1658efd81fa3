package dev.retinaface.train.data;

import dev.retinaface.train.match.AnchorMatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Produces augmented, matched batches on worker threads of this process (the images of one batch in parallel).
 *
 * <p>{@code prefetch} batches are prepared ahead while the caller trains; with 0 a batch is prepared only when
 * {@link Iterator#next()} asks for it. Worker threads decoding and augmenting while the PyTorch forward/backward
 * pass runs in the same process went with sporadic gradient spikes (docs/training.md); {@link ProcessBatchLoader}
 * does the same work in child processes instead.
 *
 * <p>Reproducible: each epoch's order is a shuffle seeded by (seed, epoch) and each sample's augmentation is
 * seeded by (seed, epoch, position), so results do not depend on thread timing, and an epoch can start at any
 * batch (exact resume) without replaying the earlier ones. The last batch of an epoch may be smaller, as the
 * reference's {@code DataLoader} gives it.
 *
 * <p>A sample whose image cannot be read or decoded is skipped (its batch is one image smaller), counted and
 * named on standard error; a batch in which every image fails is an error.
 */
public final class BatchLoader implements BatchSource {

    private final TrainingSet set;
    private final SamplePreparer preparer;
    private final int batchSize;
    private final int prefetch;
    private final ExecutorService workers;
    private final AtomicInteger skipped = new AtomicInteger();

    /** Batches prepared only on demand (no prefetch), images decoded from their files. */
    public BatchLoader(TrainingSet set, Augmenter augmenter, AnchorMatcher matcher, int batchSize, long seed, int workers) {
        this(set, augmenter, matcher, batchSize, seed, workers, 0, BgrImage::read);
    }

    /**
     * @param prefetch batches prepared ahead while the caller trains (0: each batch only when asked for)
     * @param reader   how images are read (normally {@link BgrImage#read(java.nio.file.Path)})
     */
    public BatchLoader(TrainingSet set, Augmenter augmenter, AnchorMatcher matcher, int batchSize, long seed, int workers,
                       int prefetch, SamplePreparer.ImageReader reader) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("the training set has no images with faces");
        }
        if (batchSize <= 0 || workers <= 0 || prefetch < 0) {
            throw new IllegalArgumentException("batch size and workers must be > 0 and prefetch >= 0");
        }
        this.set = set;
        this.preparer = new SamplePreparer(augmenter, matcher, seed, reader);
        this.batchSize = batchSize;
        this.prefetch = prefetch;
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "retinaface-loader");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int skippedSamples() {
        return skipped.get();
    }

    @Override
    public int batchesPerEpoch() {
        return (set.size() + batchSize - 1) / batchSize;
    }

    /** The image order of an epoch (indices into the training set). */
    public int[] order(int epoch) {
        return SamplePreparer.order(preparer.seed(), set.size(), epoch);
    }

    /** One augmented sample, exactly as the loader makes it for {@code position} of {@code epoch}. */
    public AugmentedSample sample(int epoch, int position) throws IOException {
        return preparer.augment(set.entries().get(order(epoch)[position]), epoch, position);
    }

    @Override
    public Iterator<Batch> epoch(int epoch, int startBatch) {
        int[] order = order(epoch);
        int total = batchesPerEpoch();
        int size = preparer.augmenter().config().imageSize();
        return new Iterator<>() {
            private int next = startBatch;
            private final Deque<List<Future<SamplePreparer.Prepared>>> queue = new ArrayDeque<>();
            private int submitted = startBatch;

            private void fill(int ahead) {
                while (submitted < total && queue.size() < ahead) {
                    List<Future<SamplePreparer.Prepared>> futures = new ArrayList<>();
                    int from = submitted * batchSize;
                    int to = Math.min(from + batchSize, order.length);
                    for (int p = from; p < to; p++) {
                        final int position = p;
                        futures.add(workers.submit(() -> preparer.prepare(set.entries().get(order[position]), epoch, position)));
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
                fill(Math.max(1, prefetch));
                List<Future<SamplePreparer.Prepared>> futures = queue.poll();
                next++;
                fill(prefetch); // these load while the caller trains on the batch returned now
                List<SamplePreparer.Prepared> ready = new ArrayList<>();
                IOException failure = null;
                for (Future<SamplePreparer.Prepared> f : futures) {
                    try {
                        ready.add(await(f));
                    } catch (UncheckedIOException e) {
                        failure = e.getCause();
                        reportSkipped(skipped, e.getCause().getMessage());
                    }
                }
                if (ready.isEmpty()) {
                    throw new UncheckedIOException("no image of a batch could be read", failure);
                }
                return SamplePreparer.assemble(ready, size);
            }
        };
    }

    /** Counts a skipped sample and names it on standard error (both loaders word it the same). */
    static void reportSkipped(AtomicInteger skipped, String message) {
        System.err.println("skipping training sample (" + skipped.incrementAndGet() + " so far): " + message);
    }

    private static SamplePreparer.Prepared await(Future<SamplePreparer.Prepared> f) {
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

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
