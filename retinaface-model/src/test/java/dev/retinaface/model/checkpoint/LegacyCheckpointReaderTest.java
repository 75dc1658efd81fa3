package dev.retinaface.model.checkpoint;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the real legacy-format checkpoints; expected values were read independently with Python's pickle + numpy. */
class LegacyCheckpointReaderTest {

    @Test
    void readsReferenceRetinaFaceWeights() throws Exception {
        Checkpoint ckpt = CheckpointReader.read(SharedData.resolve("weights/mobilenet0.25_Final.pth"));

        assertEquals(Checkpoint.Format.LEGACY, ckpt.format());
        assertEquals("", ckpt.stateDictPath());
        assertEquals(300, ckpt.stateDict().size());
        assertEquals("body.stage1.0.0.weight", ckpt.stateDict().keySet().iterator().next());

        Tensor conv = ckpt.tensor("body.stage1.0.0.weight");
        assertArrayEquals(new long[] {8, 3, 3, 3}, conv.shape());
        assertEquals(0.09556027501821518f, conv.data()[0]);
        assertEquals(0.040302395820617676f, conv.data()[1]);
        assertEquals(0.0007750404183752835f, conv.data()[2]);
        assertEquals(8.579861370817525, sum(conv), 1e-5);

        Tensor runningVar = ckpt.tensor("body.stage1.0.1.running_var");
        assertArrayEquals(new float[] {23911.021484375f, 33459.203125f, 131247.609375f},
                java.util.Arrays.copyOf(runningVar.data(), 3));

        Tensor bias = ckpt.tensor("ClassHead.0.conv1x1.bias");
        assertArrayEquals(new float[] {0.5115442872047424f, -0.6125218868255615f, 0.7118915319442749f},
                java.util.Arrays.copyOf(bias.data(), 3));

        Tensor counter = ckpt.tensor("body.stage1.0.1.num_batches_tracked"); // LongStorage, kept as float
        assertArrayEquals(new long[0], counter.shape());
        assertEquals(146290f, counter.data()[0]);
    }

    @Test
    void findsStateDictInsideTrainingCheckpoint() throws Exception {
        Checkpoint ckpt = CheckpointReader.read(SharedData.resolve("weights/mobilenetV1X0.25_pretrain.tar"));

        assertEquals("state_dict", ckpt.stateDictPath());
        assertEquals(164, ckpt.stateDict().size());
        assertEquals(0.05164044350385666f, ckpt.tensor("module.stage1.0.0.weight").data()[0]);
        assertEquals(18L, ((Number) ckpt.extras().get("epoch")).longValue());
        assertEquals("resnet18", ckpt.extras().get("arch"));
        assertTrue(ckpt.extras().get("best_acc1") instanceof Tensor);
        assertTrue(ckpt.extras().get("optimizer") instanceof java.util.Map);
    }

    @Test
    void readsFaceDetector1mbWeights() throws Exception {
        Path dir = SharedData.resolve("weights/face-detector-1mb");
        assertEquals(300, CheckpointReader.read(dir.resolve("mobilenet0.25_Final.pth")).stateDict().size());
        assertEquals(198, CheckpointReader.read(dir.resolve("slim_Final.pth")).stateDict().size());
        assertEquals(258, CheckpointReader.read(dir.resolve("RBF_Final.pth")).stateDict().size());
    }

    static double sum(Tensor t) {
        double s = 0;
        for (float v : t.data()) {
            s += v;
        }
        return s;
    }
}
