package dev.retinaface.spark;

import org.apache.spark.sql.Row;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The rows of a partition produced one batch at a time, only as Spark pulls them, so a partition never sits in
 * memory whole. Shared by the batch job and the Spark ML transformer.
 */
public final class BatchedRows implements Iterator<Row> {

    private final Iterator<Row> input;
    private final Function<Iterator<Row>, List<Row>> nextBatch;
    private Iterator<Row> batch = List.<Row>of().iterator();

    /**
     * @param input     the partition's input rows
     * @param nextBatch takes the next batch from the input (it may read several rows) and returns its output rows
     */
    public BatchedRows(Iterator<Row> input, Function<Iterator<Row>, List<Row>> nextBatch) {
        this.input = input;
        this.nextBatch = nextBatch;
    }

    @Override
    public boolean hasNext() {
        while (!batch.hasNext() && input.hasNext()) {
            batch = nextBatch.apply(input).iterator();
        }
        return batch.hasNext();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return batch.next();
    }
}
