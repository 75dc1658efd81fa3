package dev.retinaface.model.checkpoint;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.nets.MobileNetV1;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightCheckTest {

    @Test
    void referenceCheckpointFitsMobileNetExactly() throws Exception {
        Path file = SharedData.resolve("weights/mobilenet0.25_Final.pth");
        Network net = MobileNetV1.retinaFace();
        Map<String, Tensor> stateDict = CheckpointReader.read(file).stateDict();

        WeightCheck check = WeightCheck.of(net, stateDict);

        assertTrue(check.matches(), check.describe());
        check.requireMatch(file);
        long trainable = StateDicts.valueCount(stateDict, k -> !k.endsWith(".running_mean")
                && !k.endsWith(".running_var") && !k.endsWith(".num_batches_tracked"));
        assertEquals(426_608, trainable);
        assertEquals(net.parameterCount(), trainable);
    }

    @Test
    void pretrainedBackboneKeysAreTheDetectorBackboneWithoutBody() throws Exception {
        Checkpoint ckpt = CheckpointReader.read(SharedData.resolve("weights/mobilenetV1X0.25_pretrain.tar"));
        Map<String, Tensor> backbone = StateDicts.stripDataParallelPrefix(ckpt.stateDict());

        assertEquals("stage1.0.0.weight", backbone.keySet().iterator().next());
        assertTrue(backbone.keySet().stream().allMatch(k -> k.matches("(stage[123]|fc)\\..*")), backbone.keySet()::toString);
        int shared = 0;
        for (Map.Entry<String, long[]> e : MobileNetV1.retinaFace().parameterShapes().entrySet()) {
            if (e.getKey().startsWith("body.")) {
                Tensor t = backbone.get(e.getKey().substring("body.".length()));
                assertArrayEquals(e.getValue(), t.shape(), e.getKey());
                shared++;
            }
        }
        assertEquals(135, shared); // 27 conv+bn blocks x 5 tensors
    }

    @Test
    void slimModelIsReportedByNameAgainstMobileNet() throws Exception {
        Path file = SharedData.resolve("weights/face-detector-1mb/slim_Final.pth");
        WeightCheck check = WeightCheck.of(MobileNetV1.retinaFace(), CheckpointReader.read(file).stateDict());

        assertFalse(check.matches());
        assertTrue(check.missing().contains("body.stage1.0.0.weight"));
        assertTrue(check.unexpected().contains("conv1.0.weight"));
        WeightMismatchException e = assertThrows(WeightMismatchException.class, () -> check.requireMatch(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        assertTrue(m.contains("architecture 'mobilenet0.25'"), m);
        assertTrue(m.contains(check.missing().size() + " missing [body.stage1.0.0.weight, "), m);
        assertTrue(m.contains(check.unexpected().size() + " unexpected [conv1.0.weight, "), m);
        assertTrue(m.contains("... and " + (check.unexpected().size() - 10) + " more"), m);
        assertFalse(m.contains("num_batches_tracked"), m);
    }

    @Test
    void reportsMisShapedAndIgnoresBatchCounters() {
        Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("conv.weight", new long[] {8, 3, 3, 3});
        expected.put("bn.weight", new long[] {8});
        Map<String, Tensor> stateDict = new LinkedHashMap<>();
        stateDict.put("conv.weight", new Tensor(new long[] {8, 3, 1, 1}, new float[24]));
        stateDict.put("bn.weight", new Tensor(new long[] {8}, new float[8]));
        stateDict.put("bn.num_batches_tracked", new Tensor(new long[0], new float[1]));

        WeightCheck check = WeightCheck.of("toy", expected, stateDict);

        assertEquals(1, check.misShaped().size());
        assertEquals("conv.weight", check.misShaped().get(0).key());
        assertTrue(check.missing().isEmpty());
        assertTrue(check.unexpected().isEmpty());
        assertEquals("weights do not fit architecture 'toy': 1 mis-shaped [conv.weight [8, 3, 1, 1] (expected [8, 3, 3, 3])]",
                check.describe());
    }

    @Test
    void stripPrefixKeepsOrderAndRejectsCollisions() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        Tensor t = new Tensor(new long[] {1}, new float[] {1});
        sd.put("module.b", t);
        sd.put("a", t);
        assertEquals(java.util.List.of("b", "a"), java.util.List.copyOf(StateDicts.stripDataParallelPrefix(sd).keySet()));
        sd.put("module.a", t);
        assertThrows(IllegalArgumentException.class, () -> StateDicts.stripDataParallelPrefix(sd));
    }
}
