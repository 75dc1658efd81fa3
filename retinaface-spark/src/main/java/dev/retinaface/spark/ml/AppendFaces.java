package dev.retinaface.spark.ml;

import dev.retinaface.spark.BatchDetection;
import dev.retinaface.spark.BatchedRows;
import dev.retinaface.spark.DetectionSettings;
import dev.retinaface.spark.FaceSchema;
import dev.retinaface.spark.ImageResult;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The transformer's task: appends the faces of each row's encoded image (null when it cannot be read) to the row,
 * a batch of rows at a time, on the JVM's shared model.
 */
final class AppendFaces implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final DetectionSettings settings;
    private final int inputIndex;

    AppendFaces(DetectionSettings settings, int inputIndex) {
        this.settings = settings;
        this.inputIndex = inputIndex;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        BatchDetection detection = BatchDetection.of(settings);
        return new BatchedRows(input, in -> nextBatch(in, detection));
    }

    private List<Row> nextBatch(Iterator<Row> input, BatchDetection detection) {
        List<Row> rows = new ArrayList<>(settings.batchSize());
        List<String> names = new ArrayList<>(settings.batchSize());
        List<byte[]> contents = new ArrayList<>(settings.batchSize());
        while (rows.size() < settings.batchSize() && input.hasNext()) {
            Row row = input.next();
            rows.add(row);
            names.add("row image");
            contents.add(row.isNullAt(inputIndex) ? null : (byte[]) row.get(inputIndex));
        }
        List<ImageResult> results = detection.detect(names, contents);
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Object[] values = new Object[row.size() + 1];
            for (int k = 0; k < row.size(); k++) {
                values[k] = row.get(k);
            }
            ImageResult r = results.get(i);
            values[row.size()] = r.isOk() ? FaceSchema.toRows(r.faces()) : null;
            out.add(RowFactory.create(values));
        }
        return out;
    }
}
