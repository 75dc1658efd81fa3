package dev.retinaface.model.zoo;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Checkpoint;
import dev.retinaface.model.checkpoint.CheckpointLimits;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.StateDicts;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.checkpoint.WeightCheck;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.model.nets.MobileNetV1Relu;
import dev.retinaface.model.nets.PaperMobileNet;
import dev.retinaface.model.nets.ResNet50;
import dev.retinaface.model.nets.Rfb;
import dev.retinaface.model.nets.Slim;
import dev.retinaface.model.registry.KnownWeights;
import dev.retinaface.model.registry.WeightsResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named pretrained models: architecture, anchors and weights of each. Anchors belong to the weights:
 * the two mobilenet0.25 files share their layers but not their anchors (or activations), and the wrong
 * anchors give confident nonsense.
 */
public final class ModelZoo {

    /** The model used when none is named. */
    public static final String DEFAULT_MODEL = "mobilenet0.25";

    /** The paper's five-level MobileNet-0.25, which only the trainer produces weights for. */
    public static final String PAPER_MODEL = "paper-mobilenet0.25";

    private static final Map<String, ModelSpec> MODELS = new LinkedHashMap<>();

    static {
        add(new ModelSpec("mobilenet0.25", "RetinaFace MobileNet-0.25 (reference, biubug6/Pytorch_Retinaface)",
                MobileNetV1::retinaFace, PriorConfig.reference(), 640, KnownWeights.MOBILENET0_25.id()));
        add(new ModelSpec("resnet50", "RetinaFace ResNet-50 (reference), most accurate",
                ResNet50::retinaFace, ResNet50.priors(), 840, KnownWeights.RESNET50.id()));
        add(new ModelSpec("1mb-mobilenet0.25", "Face-Detector-1MB mobilenet0.25 (ReLU, small anchors), trained at 320 px",
                MobileNetV1Relu::retinaFace, MobileNetV1Relu.priors(), 320, KnownWeights.FD1MB_MOBILENET0_25.id()));
        add(new ModelSpec("1mb-slim", "Face-Detector-1MB slim, 4 levels, trained at 320 px",
                Slim::retinaFace, Slim.priors(), 320, KnownWeights.FD1MB_SLIM.id()));
        add(new ModelSpec("1mb-rfb", "Face-Detector-1MB RFB, 4 levels, trained at 320 px",
                Rfb::retinaFace, Rfb.priors(), 320, KnownWeights.FD1MB_RFB.id()));
        add(new ModelSpec(PAPER_MODEL, "RetinaFace MobileNet-0.25 with the paper's P2-P6 and 3 anchors per cell "
                + "(train --preset paper; no published weights)", PaperMobileNet::retinaFace, PaperMobileNet.priors(), 640,
                null));
    }

    private ModelZoo() {
    }

    private static void add(ModelSpec spec) {
        MODELS.put(spec.name(), spec);
    }

    /** Every named model, in listing order. */
    public static List<ModelSpec> all() {
        return List.copyOf(MODELS.values());
    }

    /** The names users can pass to {@code --model}. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /** The model of that name; an {@link UnknownModelException} listing the names otherwise. */
    public static ModelSpec get(String name) {
        ModelSpec spec = MODELS.get(name);
        if (spec == null) {
            throw new UnknownModelException(name, names());
        }
        return spec;
    }

    /**
     * The weights of a model, checked against its architecture: from {@code explicitFile} when given, else from
     * the registry (environment, cache or download; see {@link WeightsResolver}).
     *
     * @throws WrongArchitectureException when the file holds weights of another architecture
     * @throws IOException                 when the file cannot be read
     */
    public static Map<String, Tensor> loadWeights(ModelSpec spec, Path explicitFile) throws IOException {
        if (!spec.hasPublishedWeights()) {
            if (explicitFile == null) {
                throw new IllegalArgumentException("model '" + spec.name() + "' has no published weights; "
                        + "give the weights file of a trained checkpoint");
            }
            if (!Files.isRegularFile(explicitFile)) {
                throw new NoSuchFileException(explicitFile.toString(), null, "weights file not found");
            }
            return readChecked(spec, explicitFile);
        }
        Path file = WeightsResolver.fromSystem().resolve(spec.weightsFile(), Optional.ofNullable(explicitFile)).file();
        return readChecked(spec, file);
    }

    /**
     * Reads a checkpoint and checks it against the model's architecture. The read is bounded by
     * {@link CheckpointLimits#forNetwork}: a file holding far more tensor data than the model has parameters is
     * refused (a {@link dev.retinaface.model.checkpoint.CheckpointLimitException} naming the file) before it is read.
     */
    public static Map<String, Tensor> readChecked(ModelSpec spec, Path file) throws IOException {
        Network network = spec.network();
        Checkpoint checkpoint = CheckpointReader.read(file, CheckpointLimits.forNetwork(network));
        Map<String, Tensor> weights = StateDicts.stripDataParallelPrefix(checkpoint.stateDict());
        WeightCheck check = WeightCheck.of(network, weights);
        if (!check.matches()) {
            throw new WrongArchitectureException(file.toString(), spec.name(), check,
                    guessModel(weights).filter(other -> !other.equals(spec.name())));
        }
        return weights;
    }

    /** The first named model whose architecture the weights fit exactly, if any. */
    public static Optional<String> guessModel(Map<String, Tensor> weights) {
        for (ModelSpec spec : MODELS.values()) {
            if (WeightCheck.of(spec.network(), weights).matches()) {
                return Optional.of(spec.name());
            }
        }
        return Optional.empty();
    }
}
