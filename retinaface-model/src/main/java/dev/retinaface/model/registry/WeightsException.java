package dev.retinaface.model.registry;

/**
 * Named weights could not be found, fetched or verified. The message is written for the person running the
 * program: it names the file and says what to do next.
 */
public class WeightsException extends RuntimeException {

    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
