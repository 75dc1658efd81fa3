package dev.retinaface.serve;

import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.ResizePolicy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link FaceService}: where it listens and the limits that keep it standing under load and abuse.
 *
 * @param host              address to bind (127.0.0.1 unless an operator says otherwise)
 * @param port              port, 0 for any free one
 * @param workers           detections running at once (each uses the model's own inference threads)
 * @param queueSize         requests that may wait for a worker or for memory; past that the answer is 503 at once
 * @param memoryBudgetBytes decode + network memory all admitted requests may hold together (estimated from the
 *                          image header before decoding)
 * @param maxBodyBytes      largest accepted request body (413 past it)
 * @param maxPixels         largest accepted image, width x height as stored (413 past it)
 * @param idleTimeout       a connection that sends nothing for this long is closed (headers and body)
 * @param bodyTimeout       the whole body must arrive within this time (408 past it)
 * @param deadline          longest time a request may wait for admission before it is answered 503
 * @param shutdownGrace     how long a graceful stop waits for requests in flight
 * @param detector          detector settings when a request gives none; its resize policy also decides subsampling
 * @param apiKeys           accepted bearer tokens; empty = no authentication
 * @param corsOrigin        origin allowed by CORS, or null for no CORS headers
 * @param workerNice        CPU niceness of the detection threads (0..19; Linux), so health probes, 503 answers and
 *                          the garbage collector are not starved by detection
 */
public record ServiceConfig(String host, int port, int workers, int queueSize, long memoryBudgetBytes,
                            long maxBodyBytes, long maxPixels, Duration idleTimeout, Duration bodyTimeout,
                            Duration deadline, Duration shutdownGrace, DetectorConfig detector,
                            List<String> apiKeys, String corsOrigin, int workerNice) {

    public ServiceConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(detector, "detector");
        apiKeys = List.copyOf(apiKeys);
        if (workerNice < 0 || workerNice > 19) {
            throw new IllegalArgumentException("worker niceness must be 0..19");
        }
        if (workers < 1 || queueSize < 0 || memoryBudgetBytes < 1 || maxBodyBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("service limits must be positive");
        }
    }

    /**
     * Loopback, port 8080, 2 workers, 16 queued, 1 GiB memory budget, 20 MB bodies, 50 MP images, 10 s idle,
     * 30 s body, 30 s deadline, 30 s shutdown grace, detector defaults with resize {@code long:1920}, no keys, no CORS,
     * detection threads at niceness 10.
     */
    public static ServiceConfig defaults() {
        return new ServiceConfig("127.0.0.1", 8080, 2, 16, 1L << 30, 20L << 20, 50_000_000L,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
                DetectorConfig.defaults().withResize(new ResizePolicy.LongSide(1920)), List.of(), null, 10);
    }

    public ServiceConfig withHost(String value) {
        return new ServiceConfig(value, port, workers, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withPort(int value) {
        return new ServiceConfig(host, value, workers, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withWorkers(int value) {
        return new ServiceConfig(host, port, value, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withQueueSize(int value) {
        return new ServiceConfig(host, port, workers, value, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withMemoryBudgetBytes(long value) {
        return new ServiceConfig(host, port, workers, queueSize, value, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withMaxBodyBytes(long value) {
        return new ServiceConfig(host, port, workers, queueSize, memoryBudgetBytes, value, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withMaxPixels(long value) {
        return new ServiceConfig(host, port, workers, queueSize, memoryBudgetBytes, maxBodyBytes, value,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withTimeouts(Duration idle, Duration body, Duration requestDeadline) {
        return new ServiceConfig(host, port, workers, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idle, body, requestDeadline, shutdownGrace, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withShutdownGrace(Duration value) {
        return new ServiceConfig(host, port, workers, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, value, detector, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withDetector(DetectorConfig value) {
        return new ServiceConfig(host, port, workers, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, value, apiKeys, corsOrigin, workerNice);
    }

    public ServiceConfig withApiKeys(List<String> value) {
        return new ServiceConfig(host, port, workers, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, value, corsOrigin, workerNice);
    }

    public ServiceConfig withCorsOrigin(String value) {
        return new ServiceConfig(host, port, workers, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, value, workerNice);
    }

    public ServiceConfig withWorkerNice(int value) {
        return new ServiceConfig(host, port, workers, queueSize, memoryBudgetBytes, maxBodyBytes, maxPixels,
                idleTimeout, bodyTimeout, deadline, shutdownGrace, detector, apiKeys, corsOrigin, value);
    }
}
