package dev.retinaface.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.GroundTruth;
import dev.retinaface.train.match.MatchConfig;
import dev.retinaface.train.match.MatchedTargets;
import dev.retinaface.train.net.RetinaFaceBlock;
import dev.retinaface.train.net.WeightTransfer;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shared reference loss case: two 640×640 images, their targets and the reference loss values. */
final class LossCase {

    final JsonNode json;
    final float[] images;
    final List<List<GroundTruth>> faces = new ArrayList<>();
    final List<MatchedTargets> targets = new ArrayList<>();

    LossCase() throws IOException {
        Path dir = SharedData.resolve("reference/loss_case");
        json = new ObjectMapper().readTree(dir.resolve("loss_case.json").toFile());
        int n = json.get("images").size();
        images = new float[n * 3 * 640 * 640];
        for (int i = 0; i < n; i++) {
            float[] one = ImageTensors.toNchw(ImageIO.read(dir.resolve(json.get("images").get(i).asText()).toFile()));
            System.arraycopy(one, 0, images, i * one.length, one.length);
        }
        AnchorMatcher matcher = AnchorMatcher.of(PriorConfig.reference(), 640, 640, MatchConfig.reference());
        for (JsonNode imageTargets : json.get("targets")) {
            List<GroundTruth> list = new ArrayList<>();
            for (JsonNode t : imageTargets) {
                float[] v = new float[15];
                for (int k = 0; k < 15; k++) {
                    v[k] = (float) t.get(k).asDouble();
                }
                list.add(new GroundTruth(Arrays.copyOf(v, 4), v[14] > 0 ? Arrays.copyOfRange(v, 4, 14) : null));
            }
            faces.add(list);
            targets.add(matcher.match(list));
        }
    }

    int count() {
        return targets.size();
    }

    NDArray input(NDManager manager) {
        return manager.create(images, new Shape(count(), 3, 640, 640));
    }

    static RetinaFaceBlock pretrained(NDManager manager) throws IOException {
        RetinaFaceBlock block = new RetinaFaceBlock(MobileNetV1.retinaFace());
        WeightTransfer.load(block, CheckpointReader.read(SharedData.resolve("weights/mobilenet0.25_Final.pth")).stateDict(),
                manager);
        return block;
    }
}
