package dev.retinaface.train.data;

import java.util.Iterator;

/**
 * Where a trainer takes its batches from: {@link BatchLoader} (worker threads in this process) or
 * {@link ProcessBatchLoader} (worker processes). Both give the same batches, byte for byte, for the same training
 * set, augmentation, matcher, batch size and seed.
 */
public interface BatchSource extends AutoCloseable {

    /** Batches per epoch: ceil(images / batch size). */
    int batchesPerEpoch();

    /**
     * The batches of {@code epoch} from batch {@code startBatch} on. Only one epoch's iterator is read at a time;
     * asking for another abandons the previous one.
     */
    Iterator<Batch> epoch(int epoch, int startBatch);

    /** Samples skipped so far because their image could not be read or decoded. */
    int skippedSamples();

    @Override
    void close();
}
