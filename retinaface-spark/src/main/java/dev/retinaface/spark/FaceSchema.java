package dev.retinaface.spark;

import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The Spark types of detections: a face is {@code struct<score float, box array<float>, landmarks
 * array<array<float>>>} (box x1, y1, x2, y2 and five (x, y) landmarks in image pixels, as {@code detect --json}), and
 * the job writes one row per image with {@link #JOB_COLUMNS}.
 */
public final class FaceSchema {

    /** One face. */
    public static final StructType FACE = new StructType(new StructField[] {
            DataTypes.createStructField("score", DataTypes.FloatType, false),
            DataTypes.createStructField("box", DataTypes.createArrayType(DataTypes.FloatType, false), false),
            DataTypes.createStructField("landmarks", DataTypes.createArrayType(
                    DataTypes.createArrayType(DataTypes.FloatType, false), false), false)});

    /** The faces of an image, best first. */
    public static final ArrayType FACES = DataTypes.createArrayType(FACE, false);

    /** Aligned 112x112 crops (PNG), one per face, in the order of the faces. */
    public static final ArrayType CROPS = DataTypes.createArrayType(DataTypes.BinaryType, false);

    /** The job's output columns (without the optional crops column). */
    public static final StructType JOB_COLUMNS = new StructType(new StructField[] {
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("length", DataTypes.LongType, false),
            DataTypes.createStructField("modification_time", DataTypes.TimestampType, false),
            DataTypes.createStructField("width", DataTypes.IntegerType, true),
            DataTypes.createStructField("height", DataTypes.IntegerType, true),
            DataTypes.createStructField("orientation", DataTypes.IntegerType, true),
            DataTypes.createStructField("model", DataTypes.StringType, false),
            DataTypes.createStructField("faces", FACES, true),
            DataTypes.createStructField("error", DataTypes.StringType, true)});

    private FaceSchema() {
    }

    /** The job's schema, with the {@code crops} column when asked for. */
    public static StructType jobSchema(boolean crops) {
        return crops ? JOB_COLUMNS.add("crops", CROPS, true) : JOB_COLUMNS;
    }

    /** Faces as rows of {@link #FACES}. */
    public static Row[] toRows(List<Face> faces) {
        Row[] rows = new Row[faces.size()];
        for (int i = 0; i < rows.length; i++) {
            Face f = faces.get(i);
            Float[] box = {f.box().x1(), f.box().y1(), f.box().x2(), f.box().y2()};
            Float[][] landmarks = new Float[f.landmarks().size()][];
            for (int k = 0; k < landmarks.length; k++) {
                Point p = f.landmarks().get(k);
                landmarks[k] = new Float[] {p.x(), p.y()};
            }
            rows[i] = RowFactory.create(f.score(), box, landmarks);
        }
        return rows;
    }

    /** Reads faces back from rows of {@link #FACES} (tests, clients). */
    public static List<Face> fromRows(List<Row> rows) {
        List<Face> faces = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<Float> box = r.getList(1);
            List<Point> landmarks = new ArrayList<>();
            for (Object o : r.getList(2)) {
                List<?> xy = o instanceof List<?> l ? l : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) o);
                landmarks.add(new Point((Float) xy.get(0), (Float) xy.get(1)));
            }
            faces.add(new Face(new dev.retinaface.core.geometry.Box(box.get(0), box.get(1), box.get(2), box.get(3)),
                    r.getFloat(0), landmarks));
        }
        return faces;
    }
}
