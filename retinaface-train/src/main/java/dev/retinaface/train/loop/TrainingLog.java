package dev.retinaface.train.loop;

import dev.retinaface.train.loss.LossValues;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code training-log.csv} (one row per optimiser step; appended to when resuming) and draws
 * {@code loss-curve.png} (per-epoch mean of the three losses and the total) from it.
 */
public final class TrainingLog implements ProgressListener {

    static final String HEADER = "epoch,step,global_step,lr,box,class,landmark,total,images_per_s";

    private final Path csv;
    private final Path png;
    private final List<double[]> epochMeans = new ArrayList<>();

    public TrainingLog(Path outputDir) throws IOException {
        Files.createDirectories(outputDir);
        this.csv = outputDir.resolve("training-log.csv");
        this.png = outputDir.resolve("loss-curve.png");
        if (!Files.exists(csv)) {
            Files.writeString(csv, HEADER + "\n", StandardCharsets.UTF_8);
        }
    }

    public Path csv() {
        return csv;
    }

    public Path png() {
        return png;
    }

    /**
     * Appends a divergence-guard restart to {@code restarts.csv} next to the step log (step, loss, checkpoint
     * resumed from, its step); the step log itself is cut back to that checkpoint by the resumed run.
     */
    public static void recordRestart(Path outputDir, TrainResult.Restart r) {
        Path file = outputDir.resolve("restarts.csv");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "diverged_step,loss,resumed_from,resumed_step\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, String.format(Locale.ROOT, "%d,%s,%s,%d%n", r.step(), r.loss(), r.from().getFileName(),
                    r.fromStep()), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Drops rows at or after {@code globalStep} (left by a run that died after its last checkpoint). */
    public void truncateFrom(long globalStep) throws IOException {
        List<String> keep = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            if (line.startsWith("epoch") || (f.length > 2 && Long.parseLong(f[2]) < globalStep)) {
                keep.add(line);
            }
        }
        Files.write(csv, keep, StandardCharsets.UTF_8);
    }

    @Override
    public void onStep(StepReport r) {
        LossValues l = r.loss();
        String row = String.format(Locale.ROOT, "%d,%d,%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.2f%n", r.epoch(), r.stepInEpoch(),
                r.globalStep(), r.learningRate(), l.box(), l.classification(), l.landmark(), l.total(), r.imagesPerSecond());
        try {
            Files.writeString(csv, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + csv, e);
        }
    }

    @Override
    public void onEpoch(EpochReport r) {
        try {
            plot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    @Override
    public void onValidation(int epoch, Map<String, Double> metrics) {
        try {
            Files.writeString(csv.resolveSibling("validation-log.csv"), String.format(Locale.ROOT, "%d,%s%n", epoch, metrics),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the validation log", e);
        }
    }

    /** Redraws the PNG from the CSV: mean loss per epoch (per step when there is only one epoch). */
    public void plot() throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7])});
        }
        if (rows.isEmpty()) {
            return;
        }
        boolean perEpoch = rows.get(rows.size() - 1)[0] > rows.get(0)[0];
        List<double[]> points = new ArrayList<>();
        if (perEpoch) {
            double epoch = rows.get(0)[0];
            double[] sum = new double[4];
            int n = 0;
            for (double[] r : rows) {
                if (r[0] != epoch) {
                    points.add(mean(epoch + 1, sum, n));
                    sum = new double[4];
                    n = 0;
                    epoch = r[0];
                }
                for (int k = 0; k < 4; k++) {
                    sum[k] += r[2 + k];
                }
                n++;
            }
            points.add(mean(epoch + 1, sum, n));
        } else {
            for (double[] r : rows) {
                points.add(new double[] {r[1], r[2], r[3], r[4], r[5]});
            }
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title("RetinaFace training loss")
                .xAxisTitle(perEpoch ? "epoch" : "step").yAxisTitle("loss").build();
        String[] names = {"box", "class", "landmark", "total"};
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        for (int k = 0; k < 4; k++) {
            final int col = k + 1;
            chart.addSeries(names[k], x, points.stream().mapToDouble(p -> p[col]).toArray());
        }
        epochMeans.clear();
        epochMeans.addAll(points);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double[] mean(double x, double[] sum, int n) {
        return new double[] {x, sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n};
    }
}
