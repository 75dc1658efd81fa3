package dev.retinaface.train.data;

import dev.retinaface.train.match.MatchedTargets;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of one finished batch in a slot of the shared-memory ring between a loader worker and the trainer.
 *
 * <pre>
 * header (32 bytes): int magic, long sequence, int epoch, int batch, int images, int size, int anchors
 * images × 3 × size × size floats (network input, NCHW)
 * per image: anchors label bytes (padded to 4), anchors × 4 box floats, anchors × 10 landmark floats
 * </pre>
 * All in native byte order (both sides run on the same machine).
 */
final class BatchSlot {

    static final int MAGIC = 0x52464231; // "RFB1"
    static final int HEADER = 32;

    private BatchSlot() {
    }

    /** Bytes one slot needs for a full batch. */
    static long bytes(int batchSize, int size, int anchors) {
        return HEADER + (long) batchSize * (3L * size * size * 4 + perImageTargets(anchors));
    }

    private static long perImageTargets(int anchors) {
        return ((anchors + 3) / 4 * 4) + 14L * anchors * 4;
    }

    /** Writes a batch of {@code ready} samples into {@code slot} (positioned at 0). */
    static void write(ByteBuffer slot, long sequence, int epoch, int batch, List<SamplePreparer.Prepared> ready, int size) {
        ByteBuffer b = slot.duplicate().order(ByteOrder.nativeOrder());
        int anchors = ready.isEmpty() ? 0 : ready.get(0).targets().anchors();
        b.putInt(MAGIC).putLong(sequence).putInt(epoch).putInt(batch).putInt(ready.size()).putInt(size).putInt(anchors);
        b.position(HEADER);
        for (SamplePreparer.Prepared p : ready) {
            b.asFloatBuffer().put(p.input());
            b.position(b.position() + p.input().length * 4);
        }
        for (SamplePreparer.Prepared p : ready) {
            MatchedTargets t = p.targets();
            b.put(t.labels());
            b.position(b.position() + (anchors + 3) / 4 * 4 - anchors);
            b.asFloatBuffer().put(t.boxes());
            b.position(b.position() + t.boxes().length * 4);
            b.asFloatBuffer().put(t.landmarks());
            b.position(b.position() + t.landmarks().length * 4);
        }
    }

    /** Reads the batch in {@code slot}, checking it is the one with {@code sequence}. */
    static Batch read(ByteBuffer slot, long sequence) {
        ByteBuffer b = slot.duplicate().order(ByteOrder.nativeOrder());
        int magic = b.getInt();
        long seq = b.getLong();
        b.getInt(); // epoch
        b.getInt(); // batch
        int images = b.getInt();
        int size = b.getInt();
        int anchors = b.getInt();
        if (magic != MAGIC || seq != sequence) {
            throw new IllegalStateException("loader slot holds batch " + seq + " (magic " + Integer.toHexString(magic)
                    + "), expected batch " + sequence);
        }
        b.position(HEADER);
        float[] input = new float[images * 3 * size * size];
        b.asFloatBuffer().get(input);
        b.position(b.position() + input.length * 4);
        List<MatchedTargets> targets = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            byte[] labels = new byte[anchors];
            b.get(labels);
            b.position(b.position() + (anchors + 3) / 4 * 4 - anchors);
            float[] boxes = new float[anchors * 4];
            b.asFloatBuffer().get(boxes);
            b.position(b.position() + boxes.length * 4);
            float[] landmarks = new float[anchors * 10];
            b.asFloatBuffer().get(landmarks);
            b.position(b.position() + landmarks.length * 4);
            targets.add(new MatchedTargets(labels, boxes, landmarks));
        }
        return new Batch(input, size, size, targets);
    }
}
