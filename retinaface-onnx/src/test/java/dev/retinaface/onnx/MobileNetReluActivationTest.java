package dev.retinaface.onnx;

import dev.retinaface.core.detect.DetectionConfig;
import dev.retinaface.core.detect.PostProcessor;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.core.testsupport.FaceAssertions;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.StateDicts;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.model.nets.MobileNetV1Relu;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Why {@link MobileNetV1Relu} exists: the face-detector-1mb mobilenet0.25 weights fit the reference layers, but
 * only ReLU activations reproduce the reference detections; under the reference LeakyReLU(0.1) they give other
 * faces. Parity of the real detector with all four models is in {@code dev.retinaface.DetectorParityTest}.
 */
class MobileNetReluActivationTest {

    @Test
    void onlyReluActivationsReproduceTheReference() throws Exception {
        List<Face> reference = FaceAssertions.referenceFaces("selfie.1mb-mobilenet0.25.json");

        List<Face> relu = detect(MobileNetV1Relu.retinaFace());
        List<Face> leaky = detect(MobileNetV1.retinaFace());

        FaceAssertions.assertMatchesReference(reference, relu, "ReLU");
        assertNotEquals(reference.size(), leaky.size(), "LeakyReLU should not reproduce the reference");
    }

    /** The network with the 1mb weights and the 1mb anchors on the selfie, score > 0.02. */
    private static List<Face> detect(Network network) throws Exception {
        var weights = StateDicts.stripDataParallelPrefix(CheckpointReader.read(
                SharedData.resolve("weights/face-detector-1mb/mobilenet0.25_Final.pth")).stateDict());
        BufferedImage bgr = BgrImages.toBgr(new ImageLoader().load(SharedData.resolve("images/selfie.png")).image());
        int h = bgr.getHeight();
        int w = bgr.getWidth();
        RawOutputs out;
        try (OnnxModelSession session = new OnnxModelSession(new OnnxGraphBuilder().build(network, weights),
                SessionConfig.defaults())) {
            out = session.run(ImageTensors.toNchw(bgr), 1, h, w);
        }
        float[] pairs = out.scores()[0];
        float[] face = new float[pairs.length / 2];
        for (int a = 0; a < face.length; a++) {
            face[a] = pairs[2 * a + 1];
        }
        PostProcessor post = new PostProcessor(MobileNetV1Relu.priors(), DetectionConfig.defaults().withScoreThreshold(0.02f));
        return post.process(out.boxes()[0], face, out.landmarks()[0], h, w, 1.0);
    }
}
