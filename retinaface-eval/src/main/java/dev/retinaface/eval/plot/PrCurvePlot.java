package dev.retinaface.eval.plot;

import dev.retinaface.eval.widerface.PrCurve;
import dev.retinaface.eval.widerface.WiderSetting;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws WIDER FACE precision-recall curves to a PNG: the first curve set solid, any further sets overlaid
 * dashed, one colour per setting (easy green, medium blue, hard red), the AP in each legend entry.
 */
public final class PrCurvePlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 700;
    /** Approximate plot area in pixels, to lay dashes out in pixels. */
    private static final double PLOT_WIDTH_PX = WIDTH - 100;
    private static final double PLOT_HEIGHT_PX = HEIGHT - 110;
    private static final Color[] COLOURS = {new Color(0x2ca02c), new Color(0x1f77b4), new Color(0xd62728)};
    /** Dash patterns (on, off, ... in pixels) of the overlaid curve sets. */
    private static final float[][] OVERLAY_DASHES = {{10f, 6f}, {3f, 4f}, {10f, 4f, 3f, 4f}};

    private PrCurvePlot() {
    }

    /** Writes the plot with the default title. */
    public static void write(Path png, List<NamedCurves> curveSets) throws IOException {
        write(png, curveSets, "WIDER FACE val: precision / recall");
    }

    /**
     * Writes the plot.
     *
     * @param png       the file to write (parent folders are created)
     * @param curveSets at least one; the first is drawn solid, the others dashed
     */
    public static void write(Path png, List<NamedCurves> curveSets, String title) throws IOException {
        if (curveSets.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no curve set given");
        }
        XYChart chart = chart(curveSets, title);
        if (png.toAbsolutePath().getParent() != null) {
            Files.createDirectories(png.toAbsolutePath().getParent());
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    static XYChart chart(List<NamedCurves> curveSets, String title) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("Recall").yAxisTitle("Precision").build();
        XYStyler styler = chart.getStyler();
        styler.setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        styler.setDecimalPattern("0.0");
        styler.setLegendPosition(Styler.LegendPosition.InsideSW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        for (int set = 0; set < curveSets.size(); set++) {
            NamedCurves curves = curveSets.get(set);
            for (WiderSetting setting : WiderSetting.values()) {
                PrCurve curve = curves.result().setting(setting).curve();
                double[][] points = points(curve);
                float[] dashes = set == 0 ? null : OVERLAY_DASHES[(set - 1) % OVERLAY_DASHES.length];
                if (dashes != null) {
                    points = dashed(points, dashes);
                }
                XYSeries series = chart.addSeries(label(curves.name(), setting, curve.averagePrecision()), points[0], points[1]);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(COLOURS[setting.ordinal()]);
                series.setLineStyle(dashes == null ? SeriesLines.SOLID : stroke(dashes)); // the legend shows the pattern
            }
        }
        return chart;
    }

    private static BasicStroke stroke(float[] pattern) {
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, pattern, 0f);
    }

    private static String label(String name, WiderSetting setting, double ap) {
        String text = String.format(Locale.ROOT, "%s AP %.4f", setting.key(), ap);
        return name.isBlank() ? text : text + " (" + name + ")";
    }

    /**
     * Recall / precision of the thresholds with at least one proposal (elsewhere precision is undefined),
     * repeated points dropped.
     */
    private static double[][] points(PrCurve curve) {
        long[] proposals = curve.proposals();
        double[] recall = curve.recall();
        double[] precision = curve.precision();
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < proposals.length; i++) {
            if (proposals[i] == 0) {
                continue;
            }
            double[] previous = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            if (previous == null || previous[0] != recall[i] || previous[1] != precision[i]) {
                kept.add(new double[] {recall[i], precision[i]});
            }
        }
        if (kept.isEmpty()) {
            kept.add(new double[] {0, 0}); // xchart needs a point per series
        }
        double[][] xy = new double[2][kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            xy[0][i] = kept.get(i)[0];
            xy[1][i] = kept.get(i)[1];
        }
        return xy;
    }

    /**
     * Cuts a polyline into dashes separated by NaN breaks. xchart draws every segment on its own, restarting
     * a stroke's dash pattern each time, so dense curves would look solid; here each drawn piece is at most
     * one dash long and so drawn whole.
     */
    static double[][] dashed(double[][] xy, float[] pattern) {
        List<double[]> out = new ArrayList<>();
        int phase = 0;
        double left = pattern[0];
        out.add(new double[] {xy[0][0], xy[1][0]});
        for (int i = 1; i < xy[0].length; i++) {
            double x0 = xy[0][i - 1];
            double y0 = xy[1][i - 1];
            double dx = xy[0][i] - x0;
            double dy = xy[1][i] - y0;
            double length = Math.hypot(dx * PLOT_WIDTH_PX, dy * PLOT_HEIGHT_PX);
            double done = 0;
            while (length - done > left) {
                done += left;
                double x = x0 + dx * done / length;
                double y = y0 + dy * done / length;
                out.add(new double[] {x, y}); // a dash ends here, or the next one starts
                if (phase % 2 == 0) {
                    out.add(new double[] {x, Double.NaN}); // a dash ends
                }
                phase = (phase + 1) % pattern.length;
                left = pattern[phase];
            }
            left -= length - done;
            if (phase % 2 == 0) {
                out.add(new double[] {xy[0][i], xy[1][i]});
            }
        }
        double[][] result = new double[2][out.size()];
        for (int i = 0; i < out.size(); i++) {
            result[0][i] = out.get(i)[0];
            result[1][i] = out.get(i)[1];
        }
        return result;
    }
}
