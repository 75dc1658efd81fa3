package dev.retinaface.train.data;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.core.image.Interpolation;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.MatchConfig;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a loader worker process needs to make the batches the trainer asks for: the label file (read by the
 * worker itself), augmentation, anchors and matching, batch size and seed. Sent to each worker on its standard
 * input in a small binary form ({@link #write}, {@link #read}).
 *
 * @param annotations label file ({@code label.txt} format)
 * @param imageRoot   folder the label file's image paths are relative to
 * @param maxImages   use only the first N images with faces (0 = all)
 */
public record LoaderSpec(Path annotations, Path imageRoot, int maxImages, AugmentConfig augment, PriorConfig anchors,
                         MatchConfig match, int batchSize, long seed) {

    /** The training set as the trainer reads it. */
    public TrainingSet trainingSet() throws IOException {
        TrainingSet set = TrainingSet.read(annotations, imageRoot);
        return maxImages > 0 ? set.first(maxImages) : set;
    }

    /** The matcher for the network input size. */
    public AnchorMatcher matcher() {
        int size = augment.imageSize();
        return AnchorMatcher.of(anchors, size, size, match);
    }

    public void write(DataOutput out) throws IOException {
        out.writeUTF(annotations.toAbsolutePath().toString());
        out.writeUTF(imageRoot.toAbsolutePath().toString());
        out.writeInt(maxImages);
        out.writeInt(augment.imageSize());
        float[] scales = augment.cropScales();
        out.writeInt(scales.length);
        for (float s : scales) {
            out.writeFloat(s);
        }
        out.writeInt(augment.cropTries());
        out.writeFloat(augment.minFaceSize());
        out.writeFloat(augment.flipProbability());
        out.writeBoolean(augment.distort());
        out.writeInt(augment.interpolations().size());
        for (Interpolation i : augment.interpolations()) {
            out.writeUTF(i.name());
        }
        float[][] minSizes = anchors.minSizes();
        out.writeInt(minSizes.length);
        for (float[] level : minSizes) {
            out.writeInt(level.length);
            for (float v : level) {
                out.writeFloat(v);
            }
        }
        int[] steps = anchors.steps();
        out.writeInt(steps.length);
        for (int s : steps) {
            out.writeInt(s);
        }
        out.writeFloat(anchors.boxVariance());
        out.writeFloat(anchors.sizeVariance());
        out.writeFloat(match.positiveIoU());
        out.writeFloat(match.negativeIoU());
        out.writeFloat(match.minBestAnchorIoU());
        out.writeInt(batchSize);
        out.writeLong(seed);
    }

    public static LoaderSpec read(DataInput in) throws IOException {
        Path annotations = Path.of(in.readUTF());
        Path imageRoot = Path.of(in.readUTF());
        int maxImages = in.readInt();
        int imageSize = in.readInt();
        float[] scales = new float[in.readInt()];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = in.readFloat();
        }
        int cropTries = in.readInt();
        float minFaceSize = in.readFloat();
        float flip = in.readFloat();
        boolean distort = in.readBoolean();
        int n = in.readInt();
        List<Interpolation> interpolations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            interpolations.add(Interpolation.valueOf(in.readUTF()));
        }
        float[][] minSizes = new float[in.readInt()][];
        for (int l = 0; l < minSizes.length; l++) {
            minSizes[l] = new float[in.readInt()];
            for (int i = 0; i < minSizes[l].length; i++) {
                minSizes[l][i] = in.readFloat();
            }
        }
        int[] steps = new int[in.readInt()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = in.readInt();
        }
        PriorConfig anchors = new PriorConfig(minSizes, steps, in.readFloat(), in.readFloat());
        MatchConfig match = new MatchConfig(in.readFloat(), in.readFloat(), in.readFloat());
        int batchSize = in.readInt();
        long seed = in.readLong();
        return new LoaderSpec(annotations, imageRoot, maxImages,
                new AugmentConfig(imageSize, scales, cropTries, minFaceSize, flip, distort, interpolations),
                anchors, match, batchSize, seed);
    }
}
