package dev.retinaface.cli;

import dev.retinaface.train.loss.LossValues;
import dev.retinaface.train.loop.ProgressListener;
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
 * What {@code retinaface train} shows while it runs: a progress line per epoch, the epoch's mean losses and
 * speed, the validation AP (also kept in {@code validation-ap.csv} and drawn in {@code validation-ap.png}),
 * and the stop after an epoch once the time limit would be passed.
 */
final class TrainingConsole implements ProgressListener {

    /** Thrown to end training early, after an epoch (and its validation) has been saved. */
    static final class TimeLimitReached extends RuntimeException {
        TimeLimitReached(String message) {
            super(message);
        }
    }

    private final Path outputDir;
    private final double limitSeconds;
    private final int validateEvery;
    private final long start;
    private final List<double[]> apRows = new ArrayList<>();
    private ProgressBar bar;
    private int barEpoch = -1;
    private boolean stopAfterValidation;

    /**
     * @param limitMinutes  stop after the epoch that would make the next one end past this (0 = no limit)
     * @param validateEvery epochs between validations (0 = none), to stop after the validation, not before it
     */
    TrainingConsole(Path outputDir, double limitMinutes, int validateEvery, long startNanos) {
        this.start = startNanos;
        this.outputDir = outputDir;
        this.limitSeconds = limitMinutes * 60;
        this.validateEvery = validateEvery;
        Path csv = outputDir.resolve("validation-ap.csv");
        try {
            if (Files.exists(csv)) { // a resumed run keeps the earlier rows in its plot
                for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8).stream().skip(1).toList()) {
                    String[] f = line.split(",");
                    apRows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                            Double.parseDouble(f[3])});
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onStep(StepReport r) {
        if (r.epoch() != barEpoch) { // the bar starts after this epoch's first step, so its rate is not skewed
            closeBar();
            bar = new ProgressBar(String.format(Locale.ROOT, "epoch %d steps", r.epoch() + 1),
                    r.stepsPerEpoch() - r.stepInEpoch() - 1, true);
            barEpoch = r.epoch();
            return;
        }
        bar.step(1);
    }

    @Override
    public void onEpoch(EpochReport r) {
        closeBar();
        LossValues l = r.meanLoss();
        System.out.printf(Locale.ROOT, "epoch %d/%d  loss box %.4f  class %.4f  landmark %.4f  total %.4f  lr %.2e  "
                        + "%.2f images/s  %.1f min%n", r.epoch() + 1, r.epochs(), l.box(), l.classification(), l.landmark(),
                l.total(), r.learningRate(), r.imagesPerSecond(), r.seconds() / 60);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (limitSeconds > 0 && r.epoch() + 1 < r.epochs() && elapsed + r.seconds() > limitSeconds) {
            boolean validates = validateEvery > 0 && (r.epoch() + 1) % validateEvery == 0;
            if (validates) {
                stopAfterValidation = true;
            } else {
                throw stop(r.epoch());
            }
        }
    }

    @Override
    public void onValidation(int epoch, Map<String, Double> m) {
        double easy = m.get("easy");
        double medium = m.get("medium");
        double hard = m.get("hard");
        System.out.printf(Locale.ROOT, "epoch %d validation AP  easy %.4f  medium %.4f  hard %.4f%n", epoch + 1, easy,
                medium, hard);
        apRows.add(new double[] {epoch + 1, easy, medium, hard});
        try {
            Path csv = outputDir.resolve("validation-ap.csv");
            if (!Files.exists(csv)) {
                Files.writeString(csv, "epoch,easy,medium,hard\n", StandardCharsets.UTF_8);
            }
            Files.writeString(csv, String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f%n", epoch + 1, easy, medium, hard),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            plot(outputDir.resolve("validation-ap.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the validation table in " + outputDir, e);
        }
        if (stopAfterValidation) {
            throw stop(epoch);
        }
    }

    private TimeLimitReached stop(int epoch) {
        return new TimeLimitReached(String.format(Locale.ROOT, "time limit of %.0f min: stopped after epoch %d",
                limitSeconds / 60, epoch + 1));
    }

    private void plot(Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(400).title("WIDER FACE val AP while training")
                .xAxisTitle("epoch").yAxisTitle("AP").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        double[] x = apRows.stream().mapToDouble(r -> r[0]).toArray();
        String[] names = {"easy", "medium", "hard"};
        for (int k = 0; k < 3; k++) {
            final int col = k + 1;
            chart.addSeries(names[k], x, apRows.stream().mapToDouble(r -> r[col]).toArray());
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
