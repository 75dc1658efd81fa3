package dev.retinaface.eval.widerface;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reference detector's predictions on the shared val images score the figures of widerface-protocol.md. */
class WiderEvaluationParityTest {

    @Test
    void referencePredictionsScoreThePublishedFigures() throws IOException {
        Path predictions = SharedData.resolve("reference/widerface_val_predictions");
        Path gt = SharedData.resolve("widerface/eval_tools/ground_truth");

        long start = System.nanoTime();
        WiderResult result = WiderEvaluation.run(predictions, gt);
        System.out.printf("WIDER val subset: %s, faces %s, %.0f ms%n", result,
                result.toJson(), (System.nanoTime() - start) / 1e6);

        assertEquals(257, result.images());
        assertEquals(0.9031, result.averagePrecision(WiderSetting.EASY), 0.0005);
        assertEquals(0.8744, result.averagePrecision(WiderSetting.MEDIUM), 0.0005);
        assertEquals(0.7081, result.averagePrecision(WiderSetting.HARD), 0.0005);
        assertEquals(1000, result.setting(WiderSetting.HARD).curve().size());
    }
}
