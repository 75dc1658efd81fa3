package dev.retinaface.eval.plot;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.eval.widerface.WiderEvalConfig;
import dev.retinaface.eval.widerface.WiderEvaluator;
import dev.retinaface.eval.widerface.WiderGroundTruth;
import dev.retinaface.eval.widerface.WiderPredictions;
import dev.retinaface.eval.widerface.WiderResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrCurvePlotTest {

    @TempDir
    Path tmp;

    @Test
    void drawsTheReferenceCurvesWithAnOverlay() throws IOException {
        WiderGroundTruth gt = WiderGroundTruth.load(SharedData.resolve("widerface/eval_tools/ground_truth"));
        WiderPredictions predictions = WiderPredictions.read(SharedData.resolve("reference/widerface_val_predictions"));
        WiderResult official = WiderEvaluator.evaluate(gt, predictions);
        WiderResult strict = WiderEvaluator.evaluate(gt, predictions, new WiderEvalConfig(0.7, 1000));
        Path png = tmp.resolve("plots/pr.png");
        PrCurvePlot.write(png, List.of(new NamedCurves("IoU 0.5", official), new NamedCurves("IoU 0.7", strict)));

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(700, image.getHeight());
        // each setting's colour is drawn
        for (int rgb : new int[] {0x2ca02c, 0x1f77b4, 0xd62728}) {
            assertTrue(countPixels(image, rgb) > 200, String.format("colour %06x barely drawn", rgb));
        }
        String dump = System.getProperty("retinaface.plotDump"); // to look at the plot
        if (dump != null) {
            java.nio.file.Files.copy(png, Path.of(dump), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void dashesAreCutWithBreaksBetweenThem() {
        // a horizontal line of 792 px (the plot is about 800 px wide), 10 px dashes, 6 px gaps:
        // 49 whole dashes, then 8 px of the 50th up to the last point
        double[][] dashed = PrCurvePlot.dashed(new double[][] {{0, 0.5, 0.99}, {0.5, 0.5, 0.5}}, new float[] {10f, 6f});
        int breaks = 0;
        double start = 0;
        for (int i = 0; i < dashed[1].length; i++) {
            if (Double.isNaN(dashed[1][i])) {
                breaks++;
                assertEquals(10.0, (dashed[0][i - 1] - start) * 800, 1e-9); // each piece is one whole dash
                start = dashed[0][i + 1];
                assertEquals(6.0, (start - dashed[0][i - 1]) * 800, 1e-9);
            }
        }
        assertEquals(49, breaks);
        assertEquals(0.99, dashed[0][dashed[0].length - 1]);
        assertEquals(8.0, (0.99 - start) * 800, 1e-9);
    }

    @Test
    void nothingToPlotIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> PrCurvePlot.write(tmp.resolve("x.png"), List.of()));
    }

    private static int countPixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
