package dev.retinaface.model.registry;

import java.util.Map;
import java.util.Optional;

/**
 * Where settings come from: environment variables and JVM system properties. Tests pass maps instead of the
 * real process environment.
 */
public interface Environment {

    /** The environment variable {@code name}, when set and not blank. */
    Optional<String> variable(String name);

    /** The system property {@code name}, when set and not blank. */
    Optional<String> property(String name);

    /** The running process's environment and system properties. */
    static Environment system() {
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return nonBlank(System.getenv(name));
            }

            @Override
            public Optional<String> property(String name) {
                return nonBlank(System.getProperty(name));
            }
        };
    }

    /** Fixed values, for tests. */
    static Environment of(Map<String, String> variables, Map<String, String> properties) {
        Map<String, String> vars = Map.copyOf(variables);
        Map<String, String> props = Map.copyOf(properties);
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return nonBlank(vars.get(name));
            }

            @Override
            public Optional<String> property(String name) {
                return nonBlank(props.get(name));
            }
        };
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
