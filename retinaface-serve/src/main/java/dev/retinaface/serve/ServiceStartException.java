package dev.retinaface.serve;

/** The service could not start (for example the port is in use); the message names the address. */
public final class ServiceStartException extends RuntimeException {

    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
