package dev.retinaface.model.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts of {@link WeightsDownloader}.
 *
 * @param connectTimeout  time allowed to open a connection
 * @param responseTimeout time allowed from sending a request to receiving the response headers
 * @param stallTimeout    a transfer that receives no byte for this long is abandoned (the next source is tried)
 * @param userAgent       sent with each request
 */
public record DownloadConfig(Duration connectTimeout, Duration responseTimeout, Duration stallTimeout,
                             String userAgent) {

    public DownloadConfig {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("responseTimeout", responseTimeout);
        requirePositive("stallTimeout", stallTimeout);
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
    }

    /** 15 s to connect, 60 s for the response to start, abandon after 60 s without data. */
    public static DownloadConfig defaults() {
        return new DownloadConfig(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(60),
                "retinaface-java");
    }

    /** A copy with another stall timeout. */
    public DownloadConfig withStallTimeout(Duration stall) {
        return new DownloadConfig(connectTimeout, responseTimeout, stall, userAgent);
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
