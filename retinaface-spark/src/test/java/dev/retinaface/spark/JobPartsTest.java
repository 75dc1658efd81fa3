package dev.retinaface.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The job's pieces that need no Spark session: options, paths, executor cores. */
class JobPartsTest {

    @Test
    void commandLineBecomesJobOptions() {
        SparkMain main = new SparkMain();
        new CommandLine(main).parseArgs("--input", "s3a://b/photos", "-i", "hdfs:///more", "--output", "out",
                "--format", "json", "--resume", "--crops", "--min-score", "0.7", "--resize", "long:1024",
                "--weights", "hdfs:///w/mobilenet0.25_Final.pth", "--chunk-size", "50");
        JobOptions o = main.jobOptions();
        assertEquals(List.of("s3a://b/photos", "hdfs:///more"), o.inputs());
        assertEquals("json", o.format());
        assertEquals(true, o.resume());
        assertEquals(true, o.crops());
        assertEquals(50, o.chunkSize());
        assertEquals(0.7f, o.detection().minScore());
        assertEquals("long:1024", o.detection().resize());
        assertEquals("hdfs:///w/mobilenet0.25_Final.pth", o.detection().weightsUri());
        assertNull(o.blurOutput());
    }

    @Test
    void badOptionsAreRefusedOnTheDriver() {
        SparkMain main = new SparkMain();
        new CommandLine(main).parseArgs("--input", "in", "--output", "out", "--format", "csv");
        assertThrows(IllegalArgumentException.class, main::jobOptions);
        assertThrows(IllegalArgumentException.class, () -> DetectionSettings.defaults().withResize("huge"));
        assertThrows(IllegalArgumentException.class, () -> DetectionSettings.defaults().withBatchSize(0));
        assertThrows(IllegalArgumentException.class,
                () -> JobOptions.of(List.of("in"), "out").withResume(true).withOverwrite(true));
    }

    @Test
    void threadsFollowTheExecutorsCores() {
        assertEquals(3, FaceDetectionJob.executorCores(new SparkConf(false).set("spark.master", "local[3]")));
        assertEquals(1, FaceDetectionJob.executorCores(new SparkConf(false).set("spark.master", "local")));
        assertEquals(Runtime.getRuntime().availableProcessors(),
                FaceDetectionJob.executorCores(new SparkConf(false).set("spark.master", "local[*]")));
        assertEquals(2, FaceDetectionJob.executorCores(new SparkConf(false).set("spark.master", "local[2,4]")));
        assertEquals(6, FaceDetectionJob.executorCores(new SparkConf(false).set("spark.master", "yarn")
                .set("spark.executor.cores", "6")));
    }

    @Test
    void pathsAreEscapedAndNamed() {
        assertEquals("file:/a/\\[1\\]\\{x\\}\\*\\?.jpg", FaceDetectionJob.escapeGlob("file:/a/[1]{x}*?.jpg"));
        assertEquals("w.pth", ExecutorModels.fileName("hdfs://nn/models/w.pth"));
        BlurWriter blur = new BlurWriter("file:/out/", List.of("file:/in", "file:/in/sub"), new Configuration(false));
        assertEquals("file:/out/x/a.jpg", blur.targetOf("file:/in/x/a.jpg"));
        assertEquals("file:/out/b.png", blur.targetOf("file:/in/sub/b.png"));
        assertEquals("file:/out/c.webp.png", blur.targetOf("file:/elsewhere/c.webp"));
    }
}
