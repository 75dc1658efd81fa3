package dev.retinaface.train.data;

import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.MatchedTargets;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes one training sample, the same way in every loader: read the image, augment it with the random stream of
 * (seed, epoch, position), convert it to the network input and match its faces to the anchors.
 */
public final class SamplePreparer {

    /** Reads a training image (the file's decoded pixels; tests and experiments may serve them from memory). */
    @FunctionalInterface
    public interface ImageReader {
        BgrImage read(java.nio.file.Path file) throws IOException;
    }

    /** A sample ready for a batch: network input (CHW floats) and anchor targets. */
    public record Prepared(float[] input, MatchedTargets targets) {
    }

    private final Augmenter augmenter;
    private final AnchorMatcher matcher;
    private final long seed;
    private final ImageReader reader;

    public SamplePreparer(Augmenter augmenter, AnchorMatcher matcher, long seed, ImageReader reader) {
        this.augmenter = augmenter;
        this.matcher = matcher;
        this.seed = seed;
        this.reader = reader;
    }

    public Augmenter augmenter() {
        return augmenter;
    }

    public long seed() {
        return seed;
    }

    /** The augmented sample of {@code entry} at {@code position} of {@code epoch}. */
    public AugmentedSample augment(TrainingSet.Entry entry, int epoch, int position) throws IOException {
        BgrImage image = reader.read(entry.image());
        return augmenter.augment(image, entry.faces(), new SplittableRandom(mix(seed, epoch, position)));
    }

    /** The network input and targets of {@code entry} at {@code position} of {@code epoch}. */
    public Prepared prepare(TrainingSet.Entry entry, int epoch, int position) throws IOException {
        int size = augmenter.config().imageSize();
        AugmentedSample s = augment(entry, epoch, position);
        float[] input = new float[3 * size * size];
        s.image().toNetworkInput(input, 0);
        return new Prepared(input, matcher.match(s.faces()));
    }

    /** The batch of the samples that could be made, in order. */
    public static Batch assemble(List<Prepared> ready, int size) {
        float[] images = new float[ready.size() * 3 * size * size];
        MatchedTargets[] targets = new MatchedTargets[ready.size()];
        for (int i = 0; i < ready.size(); i++) {
            Prepared p = ready.get(i);
            System.arraycopy(p.input, 0, images, i * p.input.length, p.input.length);
            targets[i] = p.targets;
        }
        return new Batch(images, size, size, List.of(targets));
    }

    /** The image order of an epoch (indices into a set of {@code n}): a shuffle seeded by (seed, epoch). */
    public static int[] order(long seed, int n, int epoch) {
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

    /** Seed of one random stream from (seed, epoch, position): SplitMix64-style mixing. */
    static long mix(long seed, int epoch, int position) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + (position + 1L) * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
