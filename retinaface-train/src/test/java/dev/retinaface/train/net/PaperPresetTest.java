package dev.retinaface.train.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.ShapeInference;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.nets.PaperMobileNet;
import dev.retinaface.core.anchors.PriorBoxes;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.loop.TrainingPreset;
import dev.retinaface.train.loss.LossValues;
import dev.retinaface.train.loss.MultiBoxLoss;
import dev.retinaface.train.loop.StepRunner;
import dev.retinaface.train.data.Batch;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.GroundTruth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper preset: P2..P6 network agrees with the paper anchors, takes the ImageNet backbone and trains. */
class PaperPresetTest {

    @Test
    void paperNetworkMatchesPaperAnchorsAndTrains() throws Exception {
        Network net = PaperMobileNet.retinaFace();
        assertEquals(102_300, ShapeInference.anchorCount(net, 640, 640));
        assertEquals(PriorBoxes.count(PriorConfig.paper(), 100, 70), ShapeInference.anchorCount(net, 100, 70));
        try (NDManager m = OfflineEngine.start().newBaseManager()) {
            RetinaFaceBlock block = new RetinaFaceBlock(net);
            ParameterInit.pytorchDefault(block, m, 2);
            var backbone = WeightTransfer.renamePrefix(WeightTransfer.renamePrefix(CheckpointReader.read(
                    SharedData.resolve("weights/mobilenetV1X0.25_pretrain.tar")).stateDict(), "module.", ""), "stage", "body.stage");
            List<String> loaded = WeightTransfer.loadMatching(block, backbone, m);
            assertEquals(net.parameterShapes().keySet().stream().filter(k -> k.startsWith("body.")).count(), loaded.size());

            int size = 64;
            PriorConfig anchors = TrainingPreset.PAPER.anchors();
            AnchorMatcher matcher = AnchorMatcher.of(anchors, size, size, TrainingPreset.PAPER.match());
            float[] images = new float[2 * 3 * size * size];
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) Math.sin(i * 0.01) * 60;
            }
            Batch batch = new Batch(images, size, size, List.of(
                    matcher.match(List.of(new GroundTruth(new float[] {0.1f, 0.1f, 0.4f, 0.45f}, null))),
                    matcher.match(List.of(new GroundTruth(new float[] {0.5f, 0.5f, 0.7f, 0.7f}, null)))));
            assertTrue(batch.targets().get(0).positives() > 0);
            NDList out = block.forward(null, new NDList(m.create(images, new Shape(2, 3, size, size))), false);
            assertEquals(new Shape(2, PriorBoxes.count(anchors, size, size), 10), out.get(2).getShape());
            StepRunner runner = new StepRunner(block, new MultiBoxLoss(TrainingPreset.PAPER.loss()), m);
            LossValues loss = runner.forwardBackward(batch);
            assertTrue(Float.isFinite(loss.total()) && loss.total() > 0, loss.toString());
            assertEquals(0f, loss.landmark()); // no face has landmarks
        }
    }
}
