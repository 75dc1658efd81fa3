package dev.retinaface.serve;

/**
 * A request the service answers with an error: an HTTP status, a stable machine-readable code and a message in
 * the service's own words (never a Java setting or a server-side path). Rendered as {@code {"error","code"}}.
 */
public final class ServiceException extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public ServiceException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ServiceException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** Stable error code, e.g. {@code image_too_large}. */
    public String code() {
        return code;
    }

    /** Seconds for the {@code Retry-After} header, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ServiceException badRequest(String code, String message) {
        return new ServiceException(400, code, message);
    }
}
