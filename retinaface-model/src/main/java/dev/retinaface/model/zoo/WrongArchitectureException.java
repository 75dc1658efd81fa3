package dev.retinaface.model.zoo;

import dev.retinaface.model.checkpoint.WeightCheck;

import java.io.IOException;
import java.util.Optional;

/**
 * A weights file holds tensors of another architecture than the model it was loaded for. {@link #check()} lists
 * the tensors; {@link #suggestedModel()} names the model the file does fit, when there is one.
 */
public class WrongArchitectureException extends IOException {

    private final String source;
    private final String model;
    private final transient WeightCheck check;
    private final String suggestedModel;

    public WrongArchitectureException(String source, String model, WeightCheck check, Optional<String> suggestedModel) {
        super(source + " does not hold weights for model '" + model + "':\n" + check.describe()
                + suggestedModel.map(m -> "\nThe weights fit model '" + m + "'.").orElse(""));
        this.source = source;
        this.model = model;
        this.check = check;
        this.suggestedModel = suggestedModel.orElse(null);
    }

    /** The file (or "state dict") that was loaded. */
    public String source() {
        return source;
    }

    /** The model it was loaded for. */
    public String model() {
        return model;
    }

    /** Missing, unexpected and mis-shaped tensors. */
    public WeightCheck check() {
        return check;
    }

    /** The named model whose architecture the weights fit exactly, if any. */
    public Optional<String> suggestedModel() {
        return Optional.ofNullable(suggestedModel);
    }
}
