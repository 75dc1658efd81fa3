package dev.retinaface;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.detect.PostProcessor;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.onnx.runtime.RawOutputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The detector fills its input straight into reused direct buffers; its faces must be exactly those of the plain
 * path (a {@code float[]} tensor, {@link FaceModel#runNetwork}, {@link PostProcessor}), run after run.
 */
class FaceDetectorInputPathTest {

    private static BufferedImage crowd;
    private static BufferedImage other;
    private static FaceModel model;
    private static FaceDetector detector;

    @BeforeAll
    static void load() throws Exception {
        BufferedImage selfie = new ImageLoader().load(SharedData.resolve("images/selfie.png")).image();
        crowd = copy(selfie.getSubimage(300, 60, 480, 320));
        other = copy(selfie.getSubimage(0, 200, 480, 320));
        model = FaceModel.load(ModelSource.file("mobilenet0.25", SharedData.resolve("weights/mobilenet0.25_Final.pth")),
                RuntimeConfig.defaults().withThreads(1));
        detector = model.detector(DetectorConfig.evaluation());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void originalSizeMatchesThePlainPathOnRepeatedRuns() {
        List<Face> expected = plain(detector, crowd, 1.0);
        assertFalse(expected.isEmpty());
        for (int run = 0; run < 3; run++) { // later runs reuse the pooled buffer
            assertEquals(expected, detector.detect(crowd), "run " + run);
        }
        assertEquals(plain(detector, other, 1.0), detector.detect(other));
    }

    @Test
    void batchesMatchThePlainPathPerImage() {
        assertEquals(List.of(plain(detector, crowd, 1.0), plain(detector, other, 1.0), plain(detector, crowd, 1.0)),
                detector.detectAll(List.of(crowd, other, crowd)));
    }

    @Test
    void scaledInputMatchesThePlainPath() {
        FaceDetector scaled = model.detector(DetectorConfig.evaluation().withResize(new ResizePolicy.FixedScale(0.7)));
        assertEquals(plain(scaled, crowd, 0.7), scaled.detect(crowd));
        assertEquals(plain(scaled, crowd, 0.7), scaled.detect(crowd));
    }

    private static List<Face> plain(FaceDetector d, BufferedImage image, double scale) {
        var in = new ResizePolicy.FixedScale(scale).resize(image.getWidth(), image.getHeight());
        float[] tensor = new float[ImageTensors.size(in.width(), in.height())];
        if (in.isIdentity()) {
            ImageTensors.toNchw(image, tensor, 0, false);
        } else {
            ImageTensors.toNchwScaled(image, scale, tensor, 0, false);
        }
        RawOutputs out = model.runNetwork(tensor, 1, in.height(), in.width());
        float[] pairs = out.scores()[0];
        float[] probability = new float[out.anchors()];
        for (int a = 0; a < probability.length; a++) {
            probability[a] = pairs[2 * a + 1];
        }
        return new PostProcessor(model.spec().priors(), d.config().postProcessing()).process(out.boxes()[0], probability,
                out.landmarks()[0], in.height(), in.width(), scale);
    }

    private static BufferedImage copy(BufferedImage region) {
        BufferedImage out = new BufferedImage(region.getWidth(), region.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        out.getRaster().setRect(region.getRaster().createTranslatedChild(0, 0));
        return out;
    }
}
