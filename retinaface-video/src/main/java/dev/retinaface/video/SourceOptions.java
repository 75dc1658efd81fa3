package dev.retinaface.video;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link VideoSource} opens its input.
 *
 * @param stallTimeout how long a read may block (a live stream that stops, an unreachable URL) before the run ends
 * @param imageRate    frame rate given to image sequences, which carry none
 */
public record SourceOptions(Duration stallTimeout, double imageRate) {

    public SourceOptions {
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stall timeout must be positive");
        }
        if (!(imageRate > 0)) {
            throw new IllegalArgumentException("image rate must be positive");
        }
    }

    /** 10 s stall timeout, 25 fps for image sequences. */
    public static SourceOptions defaults() {
        return new SourceOptions(Duration.ofSeconds(10), 25);
    }

    public SourceOptions withStallTimeout(Duration value) {
        return new SourceOptions(value, imageRate);
    }

    public SourceOptions withImageRate(double value) {
        return new SourceOptions(stallTimeout, value);
    }
}
