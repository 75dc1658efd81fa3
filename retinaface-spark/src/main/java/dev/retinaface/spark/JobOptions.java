package dev.retinaface.spark;

import java.util.List;
import java.util.Objects;

/**
 * What the batch job does.
 *
 * @param inputs     input folders or files (any Hadoop URI: file://, hdfs://, s3a://, ...), searched recursively
 * @param glob       file-name filter ({@code pathGlobFilter}, e.g. {@code *.jpg}), or null for every file
 * @param output     the output dataset's folder
 * @param format     {@code parquet} or {@code json} (JSON Lines, same fields)
 * @param resume     skip images already in the output (same path, length and modification time)
 * @param overwrite  delete an existing output first
 * @param crops      add the {@code crops} column: aligned 112x112 PNG crops, one per face
 * @param blurOutput folder for anonymised copies of the images, or null
 * @param chunkSize  images per Spark job; each job's output is committed on its own, so a killed run loses at most
 *                   one chunk of work
 * @param detection  model and detector settings
 */
public record JobOptions(List<String> inputs, String glob, String output, String format, boolean resume,
                         boolean overwrite, boolean crops, String blurOutput, int chunkSize,
                         DetectionSettings detection) {

    /** Checks the options on the driver. */
    public JobOptions {
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(detection, "detection");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input (give one or more input folders or files)");
        }
        if (!"parquet".equals(format) && !"json".equals(format)) {
            throw new IllegalArgumentException("format must be parquet or json, got " + format);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
        }
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume and --overwrite exclude each other");
        }
    }

    /** Every input file, Parquet output, 1000 images per commit, {@code detect}'s defaults. */
    public static JobOptions of(List<String> inputs, String output) {
        return new JobOptions(inputs, null, output, "parquet", false, false, false, null, 1000,
                DetectionSettings.defaults());
    }

    public JobOptions withGlob(String value) {
        return new JobOptions(inputs, value, output, format, resume, overwrite, crops, blurOutput, chunkSize, detection);
    }

    public JobOptions withFormat(String value) {
        return new JobOptions(inputs, glob, output, value, resume, overwrite, crops, blurOutput, chunkSize, detection);
    }

    public JobOptions withResume(boolean value) {
        return new JobOptions(inputs, glob, output, format, value, overwrite, crops, blurOutput, chunkSize, detection);
    }

    public JobOptions withOverwrite(boolean value) {
        return new JobOptions(inputs, glob, output, format, resume, value, crops, blurOutput, chunkSize, detection);
    }

    public JobOptions withCrops(boolean value) {
        return new JobOptions(inputs, glob, output, format, resume, overwrite, value, blurOutput, chunkSize, detection);
    }

    public JobOptions withBlurOutput(String value) {
        return new JobOptions(inputs, glob, output, format, resume, overwrite, crops, value, chunkSize, detection);
    }

    public JobOptions withChunkSize(int value) {
        return new JobOptions(inputs, glob, output, format, resume, overwrite, crops, blurOutput, value, detection);
    }

    public JobOptions withDetection(DetectionSettings value) {
        return new JobOptions(inputs, glob, output, format, resume, overwrite, crops, blurOutput, chunkSize, value);
    }
}
