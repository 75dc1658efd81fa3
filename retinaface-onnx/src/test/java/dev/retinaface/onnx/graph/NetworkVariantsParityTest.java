package dev.retinaface.onnx.graph;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.ResNet50;
import dev.retinaface.model.nets.Rfb;
import dev.retinaface.model.nets.Slim;
import dev.retinaface.onnx.graph.ReferenceInterpreter.Map3;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slim, RFB and ResNet-50 descriptions with random weights, emitted to ONNX and run by ONNX Runtime at odd
 * sizes: the anchor count must equal the one their anchor settings give, and slim and RFB outputs must equal the
 * plain Java evaluation.
 */
class NetworkVariantsParityTest {

    private static final SessionConfig ONE_THREAD = SessionConfig.defaults().withIntraOpThreads(1);

    @Test
    void slimAtOddSize() {
        assertParity(Slim.retinaFace(), Slim.priors(), 71, 45);
    }

    @Test
    void rfbAtOddSize() {
        assertParity(Rfb.retinaFace(), Rfb.priors(), 45, 71);
    }

    /** ResNet-50 runs and gives the right anchor count; the Java evaluation of its 27M weights is left out (slow). */
    @Test
    void resNet50RunsAtOddSize() {
        Network net = ResNet50.retinaFace();
        RawOutputs out = run(net, RandomWeights.forNetwork(net, 7), ResNet50.priors(), 37, 50);
        for (float v : out.scores()[0]) {
            assertTrue(Float.isFinite(v), "scores must be finite");
        }
    }

    private static void assertParity(Network net, PriorConfig priors, int h, int w) {
        Map<String, Tensor> weights = RandomWeights.forNetwork(net, 7);
        RawOutputs out = run(net, weights, priors, h, w);
        float[] input = RandomWeights.image(new Random(11), 1, 3, h, w);
        Map3 image = new Map3(3, h, w);
        System.arraycopy(toDouble(input), 0, image.v(), 0, input.length);
        List<Map3> expected = new ReferenceInterpreter(net, weights).run(image);
        SyntheticNetworkParityTest.assertClose(expected.get(0).v(), out.boxes()[0], net.name() + " boxes");
        SyntheticNetworkParityTest.assertClose(expected.get(1).v(), out.scores()[0], net.name() + " scores");
        SyntheticNetworkParityTest.assertClose(expected.get(2).v(), out.landmarks()[0], net.name() + " landmarks");
    }

    /** Runs the network on the seeded random image and checks the anchor count. */
    private static RawOutputs run(Network net, Map<String, Tensor> weights, PriorConfig priors, int h, int w) {
        byte[] model = new OnnxGraphBuilder(OnnxExportConfig.rawLogits()).build(net, weights);
        float[] input = RandomWeights.image(new Random(11), 1, 3, h, w);
        RawOutputs out;
        try (OnnxModelSession session = new OnnxModelSession(model, ONE_THREAD)) {
            out = session.run(input, 1, h, w);
        }
        assertEquals(anchorCount(priors, h, w), out.anchors(), net.name() + " anchors at " + h + "x" + w);
        return out;
    }

    /** Anchors of an h x w input: ceil(h / step) x ceil(w / step) cells per level, times the sizes per cell. */
    private static int anchorCount(PriorConfig priors, int h, int w) {
        int count = 0;
        for (int level = 0; level < priors.steps().length; level++) {
            int step = priors.steps()[level];
            count += ((h + step - 1) / step) * ((w + step - 1) / step) * priors.anchorsPerCell(level);
        }
        return count;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
