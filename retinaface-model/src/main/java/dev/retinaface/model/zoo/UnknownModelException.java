package dev.retinaface.model.zoo;

import java.util.List;

/** A model name that the {@link ModelZoo} does not know. */
public class UnknownModelException extends IllegalArgumentException {

    private final String name;
    private final List<String> known;

    public UnknownModelException(String name, List<String> known) {
        super("unknown model '" + name + "'; known models: " + String.join(", ", known));
        this.name = name;
        this.known = List.copyOf(known);
    }

    /** The name asked for. */
    public String name() {
        return name;
    }

    /** The names the zoo knows. */
    public List<String> known() {
        return known;
    }
}
