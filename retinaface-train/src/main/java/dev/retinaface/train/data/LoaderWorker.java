package dev.retinaface.train.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of a loader worker process started by {@link ProcessBatchLoader}. Reads a {@link LoaderSpec} and
 * its ring file's name from standard input, then one command per batch (epoch, batch, slot, sequence), makes that
 * batch (decode, augment, match) into the slot and answers on standard output (sequence, images, the skipped
 * samples' messages). Exits when standard input ends, which happens when the trainer closes the loader or dies.
 * Diagnostics go to standard error; standard output carries only the protocol.
 */
public final class LoaderWorker {

    /** Answer's image count when the batch failed for another reason than unreadable images. */
    static final int FAILED = -1;

    private LoaderWorker() {
    }

    public static void main(String[] args) {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        try {
            serve(in, out);
            System.exit(0);
        } catch (EOFException e) {
            System.exit(0); // the trainer went away before sending the set-up
        } catch (Throwable e) {
            System.err.println("retinaface loader worker: " + e);
            System.exit(1);
        }
    }

    private static void serve(DataInputStream in, DataOutputStream out) throws IOException {
        LoaderSpec spec = LoaderSpec.read(in);
        Path ring = Path.of(in.readUTF());
        int slots = in.readInt();
        long slotBytes = in.readLong();
        MappedByteBuffer[] slot = new MappedByteBuffer[slots];
        try (FileChannel channel = FileChannel.open(ring, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < slots; i++) {
                slot[i] = channel.map(FileChannel.MapMode.READ_WRITE, i * slotBytes, slotBytes);
            }
        }
        TrainingSet set = spec.trainingSet();
        SamplePreparer preparer = new SamplePreparer(new Augmenter(spec.augment()), spec.matcher(), spec.seed(),
                BgrImage::read);
        int size = spec.augment().imageSize();
        int orderEpoch = Integer.MIN_VALUE;
        int[] order = null;
        while (true) {
            int epoch;
            try {
                epoch = in.readInt();
            } catch (EOFException end) {
                return;
            }
            int batch = in.readInt();
            int target = in.readInt();
            long sequence = in.readLong();
            try {
                if (epoch != orderEpoch) {
                    order = SamplePreparer.order(spec.seed(), set.size(), epoch);
                    orderEpoch = epoch;
                }
                List<SamplePreparer.Prepared> ready = new ArrayList<>();
                List<String> skipped = new ArrayList<>();
                int from = batch * spec.batchSize();
                int to = Math.min(from + spec.batchSize(), order.length);
                for (int p = from; p < to; p++) {
                    try {
                        ready.add(preparer.prepare(set.entries().get(order[p]), epoch, p));
                    } catch (IOException e) {
                        skipped.add(e.getMessage());
                    }
                }
                BatchSlot.write(slot[target], sequence, epoch, batch, ready, size);
                out.writeLong(sequence);
                out.writeInt(ready.size());
                out.writeInt(skipped.size());
                for (String s : skipped) {
                    out.writeUTF(String.valueOf(s));
                }
            } catch (RuntimeException e) {
                out.writeLong(sequence);
                out.writeInt(FAILED);
                out.writeUTF("batch " + batch + " of epoch " + epoch + ": " + e);
            }
            out.flush();
        }
    }
}
