package dev.retinaface.train.data;

import dev.retinaface.core.anchors.PriorBoxes;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes batches in worker processes, as PyTorch's {@code DataLoader} does: each worker is a child JVM started with
 * this process's class path ({@link LoaderWorker}) that decodes, augments and matches whole batches and writes them
 * into a ring of slots in a memory-mapped file (in {@code /dev/shm} where it exists). The training process never
 * decodes an image and never runs ImageIO or AWT code; it copies finished batches out of the ring.
 *
 * <p>Batch {@code b} of an epoch is made by worker {@code b mod workers}; {@code prefetch} batches are in the
 * making while the caller trains. The batches are those of {@link BatchLoader} for the same set, augmentation,
 * matcher, batch size and seed, byte for byte (both use {@link SamplePreparer}), and an epoch can start at any
 * batch (exact resume). An unreadable image is skipped, counted and named on standard error as the thread loader
 * does. The workers end when the loader is closed, and on their own when this process dies (their standard input
 * ends).
 */
public final class ProcessBatchLoader implements BatchSource {

    private final LoaderSpec spec;
    private final int setSize;
    private final int prefetch;
    private final List<Worker> workers;
    private final AtomicInteger skipped = new AtomicInteger();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long sequence;

    private record Pending(int epoch, int batch, Worker worker, int slot, long sequence) {
    }

    private ProcessBatchLoader(LoaderSpec spec, int setSize, int prefetch, List<Worker> workers) {
        this.spec = spec;
        this.setSize = setSize;
        this.prefetch = prefetch;
        this.workers = workers;
    }

    /**
     * Starts {@code workers} worker processes.
     *
     * @param prefetch batches in the making while the caller trains (0: each batch made only when asked for)
     * @throws IOException when the label file cannot be read or a worker cannot be started
     */
    public static ProcessBatchLoader start(LoaderSpec spec, int workers, int prefetch) throws IOException {
        if (workers <= 0 || prefetch < 0) {
            throw new IllegalArgumentException("workers must be > 0 and prefetch >= 0");
        }
        int setSize = spec.trainingSet().size();
        if (setSize == 0) {
            throw new IllegalArgumentException("the training set has no images with faces");
        }
        int size = spec.augment().imageSize();
        long slotBytes = BatchSlot.bytes(spec.batchSize(), size, (int) PriorBoxes.count(spec.anchors(), size, size));
        int slots = (Math.max(1, prefetch) + workers - 1) / workers;
        List<Worker> started = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                started.add(Worker.start(spec, slots, slotBytes));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Worker::close);
            throw e;
        }
        return new ProcessBatchLoader(spec, setSize, prefetch, started);
    }

    @Override
    public int batchesPerEpoch() {
        return (setSize + spec.batchSize() - 1) / spec.batchSize();
    }

    @Override
    public int skippedSamples() {
        return skipped.get();
    }

    @Override
    public Iterator<Batch> epoch(int epoch, int startBatch) {
        drain();
        int total = batchesPerEpoch();
        return new Iterator<>() {
            private int next = startBatch;
            private int submitted = startBatch;

            private void fill(int ahead) {
                while (submitted < total && pending.size() < ahead) {
                    Worker w = workers.get(submitted % workers.size());
                    pending.add(w.submit(epoch, submitted, ++sequence));
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
                Pending p = pending.poll();
                next++;
                Batch batch = p.worker().take(p, skipped);
                fill(prefetch); // made while the caller trains on the batch returned now
                if (batch == null) {
                    throw new UncheckedIOException("no image of a batch could be read",
                            new IOException("batch " + p.batch() + " of epoch " + p.epoch()));
                }
                return batch;
            }
        };
    }

    /** Waits for batches still in the making for an abandoned epoch and drops them. */
    private void drain() {
        while (!pending.isEmpty()) {
            Pending p = pending.poll();
            p.worker().take(p, new AtomicInteger());
        }
    }

    @Override
    public void close() {
        pending.clear();
        workers.forEach(Worker::close);
    }

    /** One child process, its pipes and its ring file. */
    private static final class Worker {
        private final Process process;
        private final DataOutputStream commands;
        private final DataInputStream answers;
        private final Path ring;
        private final MappedByteBuffer[] slots;
        private final Deque<Integer> free = new ArrayDeque<>();

        private Worker(Process process, Path ring, MappedByteBuffer[] slots) {
            this.process = process;
            this.commands = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            this.answers = new DataInputStream(new BufferedInputStream(process.getInputStream()));
            this.ring = ring;
            this.slots = slots;
            for (int i = 0; i < slots.length; i++) {
                free.add(i);
            }
        }

        static Worker start(LoaderSpec spec, int slotCount, long slotBytes) throws IOException {
            Path dir = Path.of("/dev/shm");
            if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
                dir = Path.of(System.getProperty("java.io.tmpdir"));
            }
            Path ring = Files.createTempFile(dir, "retinaface-loader-", ".ring");
            ring.toFile().deleteOnExit();
            MappedByteBuffer[] slots = new MappedByteBuffer[slotCount];
            try (RandomAccessFile file = new RandomAccessFile(ring.toFile(), "rw")) {
                file.setLength(slotCount * slotBytes);
            }
            try (FileChannel channel = FileChannel.open(ring, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (int i = 0; i < slotCount; i++) {
                    slots[i] = channel.map(FileChannel.MapMode.READ_WRITE, i * slotBytes, slotBytes);
                }
            }
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "-Djava.awt.headless=true", "-Xmx1g", "-XX:+UseSerialGC", LoaderWorker.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                Files.deleteIfExists(ring);
                throw new IOException("cannot start a data loading process (" + java + "): " + e.getMessage(), e);
            }
            Worker w = new Worker(process, ring, slots);
            try {
                spec.write(w.commands);
                w.commands.writeUTF(ring.toString());
                w.commands.writeInt(slotCount);
                w.commands.writeLong(slotBytes);
                w.commands.flush();
            } catch (IOException e) {
                w.close();
                throw w.died(e);
            }
            return w;
        }

        Pending submit(int epoch, int batch, long sequence) {
            Integer slot = free.poll();
            if (slot == null) {
                throw new IllegalStateException("no free loader slot (more batches in flight than slots)");
            }
            try {
                commands.writeInt(epoch);
                commands.writeInt(batch);
                commands.writeInt(slot);
                commands.writeLong(sequence);
                commands.flush();
            } catch (IOException e) {
                throw died(e);
            }
            return new Pending(epoch, batch, this, slot, sequence);
        }

        /** The finished batch of {@code p} (null when every image failed); its slot is free again afterwards. */
        Batch take(Pending p, AtomicInteger skipped) {
            try {
                long seq = answers.readLong();
                int images = answers.readInt();
                if (seq != p.sequence()) {
                    throw new IllegalStateException("loader worker answered batch " + seq + ", expected " + p.sequence());
                }
                if (images == LoaderWorker.FAILED) {
                    throw new IllegalStateException("loading a training batch failed: " + answers.readUTF());
                }
                int failures = answers.readInt();
                for (int i = 0; i < failures; i++) {
                    BatchLoader.reportSkipped(skipped, answers.readUTF());
                }
                return images == 0 ? null : BatchSlot.read(slots[p.slot()], p.sequence());
            } catch (IOException e) {
                throw died(e);
            } finally {
                free.add(p.slot());
            }
        }

        private IllegalStateException died(IOException cause) {
            String status;
            try {
                status = process.waitFor(2, TimeUnit.SECONDS) ? "exit status " + process.exitValue() : "still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = "interrupted";
            }
            return new IllegalStateException("a data loading process stopped (" + status + "): " + cause.getMessage(), cause);
        }

        void close() {
            try {
                commands.close(); // end of input: the worker exits
            } catch (IOException ignored) {
                // it is gone already
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            try {
                Files.deleteIfExists(ring);
            } catch (IOException ignored) {
                // deleteOnExit remains
            }
        }
    }
}
