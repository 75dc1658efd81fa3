package dev.retinaface.train.loss;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.net.RetinaFaceBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The three loss parts on the reference loss case equal the reference implementation's values. */
class MultiBoxLossParityTest {

    private static NDManager manager;
    private static LossCase lossCase;
    private static NDList outputs;

    @BeforeAll
    static void forward() throws Exception {
        manager = OfflineEngine.start().newBaseManager();
        lossCase = new LossCase();
        RetinaFaceBlock block = LossCase.pretrained(manager);
        // batch norm in inference mode, raw logits, as the reference values were produced
        outputs = block.forward(null, new NDList(lossCase.input(manager)), false);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void sevenToOneMatchesReference() {
        check(7);
    }

    @Test
    void threeToOneMatchesReference() {
        check(3);
    }

    private void check(int ratio) {
        JsonNode expected = null;
        for (JsonNode e : lossCase.json.get("expected")) {
            if (e.get("neg_pos_ratio").asInt() == ratio) {
                expected = e;
            }
        }
        assertEquals(0.35, expected.get("match_threshold").asDouble(), 1e-9);
        LossConfig config = new LossConfig(ratio, 0, (float) expected.get("loc_weight").asDouble(), 1f);
        try (NDManager step = manager.newSubManager()) {
            LossParts parts = new MultiBoxLoss(config).compute(outputs.get(0), outputs.get(1), outputs.get(2), lossCase.targets);
            var v = parts.values();
            assertRelative(expected.get("loss_box").asDouble(), v.box(), "box");
            assertRelative(expected.get("loss_class").asDouble(), v.classification(), "class");
            assertRelative(expected.get("loss_landmark").asDouble(), v.landmark(), "landmark");
            assertRelative(expected.get("total").asDouble(), v.total(), "total");
        }
    }

    private static void assertRelative(double expected, double actual, String what) {
        double rel = Math.abs(actual - expected) / Math.abs(expected);
        System.out.printf("loss %s: expected %.7f got %.7f rel %.2e%n", what, expected, actual, rel);
        assertEquals(0, rel, 1e-4, what + " loss: expected " + expected + ", got " + actual);
    }
}
