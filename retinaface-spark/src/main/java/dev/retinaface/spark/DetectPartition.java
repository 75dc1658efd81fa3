package dev.retinaface.spark;

import dev.retinaface.core.align.FaceAligner;
import dev.retinaface.core.geometry.Face;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The job's task: turns {@code binaryFile} rows ({@code path, length, modificationTime, content}) into output rows of
 * {@link FaceSchema#jobSchema}, a batch at a time, on the JVM's shared model ({@link ExecutorModels}). Rows are produced
 * lazily, so a partition never holds more than one batch of images.
 */
final class DetectPartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final DetectionSettings settings;
    private final boolean crops;
    private final BlurWriter blur;

    /**
     * @param blur writes anonymised copies of the images, or null
     */
    DetectPartition(DetectionSettings settings, boolean crops, BlurWriter blur) {
        this.settings = settings;
        this.crops = crops;
        this.blur = blur;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        BatchDetector detector = new BatchDetector(ExecutorModels.detector(settings));
        return new BatchedRows(input, in -> nextBatch(in, detector));
    }

    private List<Row> nextBatch(Iterator<Row> input, BatchDetector detector) {
        List<Row> files = new ArrayList<>(settings.batchSize());
        List<String> names = new ArrayList<>(settings.batchSize());
        List<byte[]> contents = new ArrayList<>(settings.batchSize());
        while (files.size() < settings.batchSize() && input.hasNext()) {
            Row file = input.next();
            files.add(file);
            names.add(file.getString(0));
            contents.add(file.isNullAt(3) ? null : (byte[]) file.get(3));
        }
        List<ImageResult> results = detector.detect(names, contents);
        List<Row> rows = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            rows.add(toRow(files.get(i), writeBlurred(names.get(i), results.get(i))));
        }
        return rows;
    }

    private ImageResult writeBlurred(String path, ImageResult result) {
        if (blur == null || !result.isOk()) {
            return result;
        }
        try {
            blur.write(path, result.image().image(), result.faces());
            return result;
        } catch (IOException | RuntimeException e) {
            return new ImageResult(result.image(), result.faces(), "cannot write the anonymised copy of " + path
                    + ": " + e.getMessage());
        }
    }

    private Row toRow(Row file, ImageResult r) {
        List<Object> values = new ArrayList<>(10);
        values.add(file.getString(0));
        values.add(file.getLong(1));
        values.add(file.get(2));
        values.add(r.image() == null ? null : r.image().image().getWidth());
        values.add(r.image() == null ? null : r.image().image().getHeight());
        values.add(r.image() == null ? null : r.image().exifOrientation());
        values.add(settings.modelName());
        values.add(r.faces() == null ? null : FaceSchema.toRows(r.faces()));
        values.add(r.error());
        if (crops) {
            values.add(r.faces() == null ? null : crops(r));
        }
        return RowFactory.create(values.toArray());
    }

    private static byte[][] crops(ImageResult r) {
        FaceAligner aligner = new FaceAligner();
        List<byte[]> pngs = new ArrayList<>();
        for (Face f : r.faces()) {
            if (f.landmarks().isEmpty()) {
                continue;
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(aligner.align(r.image().image(), f), "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pngs.add(png.toByteArray());
        }
        return pngs.toArray(new byte[0][]);
    }
}
