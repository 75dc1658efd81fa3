package dev.retinaface.model.zoo;

import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.checkpoint.WeightCheck;
import dev.retinaface.model.registry.WeightsResolver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model's weights come from: the default model, a named model of the {@link ModelZoo} (registry:
 * environment, cache or download), a file, or a state dict already in memory (e.g. straight from training).
 * The weights resolver (cache folder, download progress) can be injected, so a server or a Spark executor
 * controls where files go and what is printed.
 *
 * <pre>{@code
 * ModelSource.defaultModel();
 * ModelSource.named("1mb-slim");
 * ModelSource.file("mobilenet0.25", Path.of("run/final.pth"));
 * ModelSource.named("resnet50").withResolver(myResolver);
 * }</pre>
 */
public final class ModelSource {

    private final String modelName;
    private final Path file;
    private final Map<String, Tensor> stateDict;
    private final WeightsResolver resolver;

    private ModelSource(String modelName, Path file, Map<String, Tensor> stateDict, WeightsResolver resolver) {
        this.modelName = Objects.requireNonNull(modelName, "model name");
        this.file = file;
        this.stateDict = stateDict;
        this.resolver = resolver;
    }

    /** The default model ({@value ModelZoo#DEFAULT_MODEL}) with its registry weights. */
    public static ModelSource defaultModel() {
        return named(ModelZoo.DEFAULT_MODEL);
    }

    /** A named model of the zoo with its registry weights. */
    public static ModelSource named(String modelName) {
        return new ModelSource(modelName, null, null, null);
    }

    /** A named model's architecture and anchors with the weights of {@code weightsFile} (e.g. a training result). */
    public static ModelSource file(String modelName, Path weightsFile) {
        return new ModelSource(modelName, Objects.requireNonNull(weightsFile, "weights file"), null, null);
    }

    /** A named model's architecture and anchors with weights already in memory, keyed by checkpoint names. */
    public static ModelSource stateDict(String modelName, Map<String, Tensor> weights) {
        return new ModelSource(modelName, null, Map.copyOf(weights), null);
    }

    /** A copy that resolves registry weights with {@code weightsResolver} instead of the process-wide default. */
    public ModelSource withResolver(WeightsResolver weightsResolver) {
        return new ModelSource(modelName, file, stateDict, Objects.requireNonNull(weightsResolver, "resolver"));
    }

    /** The model's name in the zoo. */
    public String modelName() {
        return modelName;
    }

    /** The explicit weights file, if one was given. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * Resolves and reads the weights and checks them against the model's architecture.
     *
     * @throws UnknownModelException      for a name the zoo does not know
     * @throws WrongArchitectureException when the weights belong to another architecture
     * @throws IOException                when the file cannot be read
     * @throws dev.retinaface.model.registry.WeightsException when registry weights cannot be found or verified
     */
    public LoadedWeights load() throws IOException {
        ModelSpec spec = ModelZoo.get(modelName);
        if (stateDict != null) {
            WeightCheck check = WeightCheck.of(spec.network(), stateDict);
            if (!check.matches()) {
                throw new WrongArchitectureException("the state dict", spec.name(), check,
                        ModelZoo.guessModel(stateDict).filter(m -> !m.equals(spec.name())));
            }
            return new LoadedWeights(spec, stateDict, "state dict");
        }
        WeightsResolver r = resolver != null ? resolver : WeightsResolver.fromSystem();
        Path resolved = r.resolve(spec.weightsFile(), Optional.ofNullable(file)).file();
        return new LoadedWeights(spec, ModelZoo.readChecked(spec, resolved), resolved.toString());
    }

    @Override
    public String toString() {
        return modelName + (file != null ? " (" + file + ")" : stateDict != null ? " (state dict)" : "");
    }
}
