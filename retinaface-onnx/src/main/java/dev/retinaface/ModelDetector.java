package dev.retinaface;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.detect.PostProcessor;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.detect.ResizedInput;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.core.tta.DetectionMerger;
import dev.retinaface.core.tta.FlipUndo;
import dev.retinaface.onnx.runtime.NetworkOutputs;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FaceDetector} over a {@link FaceModel}'s session: pre-processing (BGR minus the means, resize), the
 * shared session, decoding against the model's anchors, NMS, and the TTA merge. Holds no native resources.
 */
final class ModelDetector implements FaceDetector {

    /** Largest number of images run as one batch by {@link #detectAll}. */
    static final int MAX_BATCH = 8;

    private final FaceModel model;
    private final DetectorConfig config;
    private final PostProcessor postProcessor;
    private final DetectionMerger merger;
    private final List<ResizePolicy> scales;

    ModelDetector(FaceModel model, DetectorConfig config) {
        this.model = model;
        this.config = config;
        this.postProcessor = new PostProcessor(model.spec().priors(), config.postProcessing(), model.priorCache());
        this.merger = DetectionMerger.of(config.tta());
        this.scales = config.runScales();
    }

    @Override
    public DetectorConfig config() {
        return config;
    }

    @Override
    public List<Face> detect(BufferedImage image) {
        BufferedImage bgr = BgrImages.toBgr(image);
        if (config.isSingleRun()) {
            return run(bgr, scales.get(0), false);
        }
        List<List<Face>> runs = new ArrayList<>();
        for (ResizePolicy scale : scales) {
            runs.add(run(bgr, scale, false));
            if (config.tta().flip()) {
                runs.add(run(bgr, scale, true));
            }
        }
        return merger.merge(runs);
    }

    @Override
    public List<List<Face>> detectAll(List<BufferedImage> images) {
        if (!config.isSingleRun()) {
            return images.stream().map(this::detect).toList();
        }
        ResizePolicy scale = scales.get(0);
        List<List<Face>> results = new ArrayList<>();
        int i = 0;
        while (i < images.size()) {
            BufferedImage first = BgrImages.toBgr(images.get(i));
            ResizedInput size = scale.resize(first.getWidth(), first.getHeight());
            List<BufferedImage> batch = new ArrayList<>(List.of(first));
            int j = i + 1;
            while (j < images.size() && batch.size() < MAX_BATCH) {
                BufferedImage next = BgrImages.toBgr(images.get(j));
                if (!scale.resize(next.getWidth(), next.getHeight()).equals(size)) {
                    break;
                }
                batch.add(next);
                j++;
            }
            results.addAll(runBatch(batch, size));
            i = j;
        }
        return results;
    }

    private List<Face> run(BufferedImage bgr, ResizePolicy policy, boolean flip) {
        ResizedInput in = policy.resize(bgr.getWidth(), bgr.getHeight());
        FloatBuffer tensor = model.inputBuffers().borrow(ImageTensors.size(in.width(), in.height()));
        List<Face> faces;
        try {
            in.fill(bgr, tensor, 0, flip);
            try (NetworkOutputs out = model.runNetworkPooled(tensor, 1, in.height(), in.width())) {
                faces = decode(out, 0, in);
            }
        } finally {
            model.inputBuffers().release(tensor);
        }
        return flip ? FlipUndo.unflip(faces, bgr.getWidth()) : faces;
    }

    private List<List<Face>> runBatch(List<BufferedImage> batch, ResizedInput in) {
        int per = ImageTensors.size(in.width(), in.height());
        FloatBuffer tensor = model.inputBuffers().borrow(Math.multiplyExact(per, batch.size()));
        List<List<Face>> results = new ArrayList<>();
        try {
            for (int k = 0; k < batch.size(); k++) {
                in.fill(batch.get(k), tensor, k * per, false);
            }
            try (NetworkOutputs out = model.runNetworkPooled(tensor, batch.size(), in.height(), in.width())) {
                for (int k = 0; k < batch.size(); k++) {
                    results.add(decode(out, k, in));
                }
            }
        } finally {
            model.inputBuffers().release(tensor);
        }
        return results;
    }

    private List<Face> decode(NetworkOutputs out, int item, ResizedInput in) {
        return postProcessor.process(out.boxes(item), out.scores(item), 2, out.landmarks(item),
                in.height(), in.width(), in.scale());
    }

    @Override
    public String toString() {
        return "FaceDetector[" + model.name() + ", " + config + "]";
    }
}
