package dev.retinaface.onnx.graph;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.arch.ShapeInference;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.model.nets.Slim;
import dev.retinaface.onnx.runtime.OnnxInferenceException;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OnnxExportConfig#inputSize()}: a graph with fixed shapes and constant upsampling sizes. */
class StaticExportTest {

    private static final SessionConfig ONE_THREAD = SessionConfig.defaults().withIntraOpThreads(1);

    @Test
    void theStaticGraphHasFixedShapesAndNoShapeNodes() {
        Network net = MobileNetV1.retinaFace();
        InputSize size = new InputSize(301, 203);
        OnnxGraphSpec graph = new OnnxGraphBuilder(OnnxExportConfig.defaults().withInputSize(size))
                .buildGraph(net, RandomWeights.forNetwork(net, 1));

        assertFalse(graph.nodes().stream().anyMatch(n -> n.opType().equals("Shape")), "no Shape nodes");
        assertFalse(graph.nodes().stream().anyMatch(n -> n.opType().equals("Split")), "Slices, not a Split (OpenCV 4.6)");
        assertEquals(2, graph.nodes().stream().filter(n -> n.opType().equals("Resize")).count(), "the FPN upsamplings");
        assertEquals(List.of(1L, 3L, 203L, 301L), dims(graph.inputs().get(0)));
        long anchors = ShapeInference.anchorCount(net, 203, 301);
        assertEquals(List.of(List.of(1L, anchors, 4L), List.of(1L, anchors, 2L), List.of(1L, anchors, 10L)),
                graph.outputs().stream().map(StaticExportTest::dims).toList());
    }

    @Test
    void theDynamicGraphStaysTheDefault() {
        Network net = MobileNetV1.retinaFace();
        OnnxGraphSpec graph = new OnnxGraphBuilder().buildGraph(net, RandomWeights.forNetwork(net, 1));

        assertNull(OnnxExportConfig.defaults().inputSize());
        assertTrue(graph.nodes().stream().anyMatch(n -> n.opType().equals("Shape")));
        assertEquals("H", graph.inputs().get(0).dims().get(2).param());
    }

    /** Static and dynamic graphs give the same outputs at the static size (odd, so the upsampling is not 2x). */
    @Test
    void staticAndDynamicGraphsAgree() {
        for (Network net : List.of(MobileNetV1.retinaFace(), Slim.retinaFace())) {
            Map<String, Tensor> weights = RandomWeights.forNetwork(net, 4);
            int h = 75;
            int w = 101;
            float[] image = RandomWeights.image(new Random(2), 1, 3, h, w);
            RawOutputs dynamic = run(new OnnxGraphBuilder().build(net, weights), image, h, w);
            byte[] fixed = new OnnxGraphBuilder(OnnxExportConfig.defaults().withInputSize(new InputSize(w, h)))
                    .build(net, weights);
            RawOutputs stat = run(fixed, image, h, w);
            assertArrayEquals(dynamic.boxes()[0], stat.boxes()[0], 1e-6f, net.name());
            assertArrayEquals(dynamic.scores()[0], stat.scores()[0], 1e-6f, net.name());
            assertArrayEquals(dynamic.landmarks()[0], stat.landmarks()[0], 1e-6f, net.name());
            assertThrows(OnnxInferenceException.class,
                    () -> run(fixed, RandomWeights.image(new Random(2), 1, 3, h + 1, w), h + 1, w),
                    "a static graph refuses another size");
        }
    }

    @Test
    void inputSizesParseAsWidthByHeight() {
        assertEquals(new InputSize(640, 480), InputSize.parse("640x480"));
        assertEquals(new InputSize(64, 48), InputSize.parse(" 64X48 "));
        assertEquals("640x480", new InputSize(640, 480).toString());
        for (String bad : new String[] {"640", "640x", "x480", "0x480", "640*480", "-1x2", ""}) {
            assertThrows(IllegalArgumentException.class, () -> InputSize.parse(bad), bad);
        }
    }

    private static RawOutputs run(byte[] model, float[] image, int h, int w) {
        try (OnnxModelSession session = new OnnxModelSession(model, ONE_THREAD)) {
            return session.run(image, 1, h, w);
        }
    }

    private static List<Long> dims(OnnxValueInfo info) {
        return info.dims().stream().map(d -> d.param() == null ? d.value() : -1L).toList();
    }
}
