package dev.retinaface.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's Prometheus metrics: requests by route and status, latency histogram, queue depth, detections in
 * flight, faces per image, bytes decoded and rejected requests by reason.
 */
final class ServiceMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary faces;
    private final Counter decodedBytes;
    private final AtomicInteger httpInFlight = new AtomicInteger();

    ServiceMetrics(AdmissionController admission) {
        Gauge.builder("retinaface_queue_depth", admission, AdmissionController::waiting)
                .description("Requests waiting for a worker or memory").register(registry);
        Gauge.builder("retinaface_detections_in_flight", admission, AdmissionController::running)
                .description("Detections running now").register(registry);
        Gauge.builder("retinaface_admitted_bytes", admission, AdmissionController::reservedBytes)
                .description("Estimated bytes held by admitted requests").register(registry);
        Gauge.builder("retinaface_http_in_flight", httpInFlight, AtomicInteger::get)
                .description("HTTP requests being handled now").register(registry);
        faces = DistributionSummary.builder("retinaface_faces_per_image").description("Faces found per image")
                .serviceLevelObjectives(1, 2, 3, 5, 10, 20, 50, 100).register(registry);
        decodedBytes = Counter.builder("retinaface_decoded_bytes").description("Bytes of decoded pixels (BGR)")
                .baseUnit("bytes").register(registry);
    }

    void request(String route, int status, Duration latency) {
        Timer.builder("retinaface_http_requests").description("HTTP requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry).record(latency);
    }

    void rejected(String reason) {
        Counter.builder("retinaface_rejected_requests").description("Requests refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    void faces(int count) {
        faces.record(count);
    }

    void decoded(long bytes) {
        decodedBytes.increment(bytes);
    }

    AtomicInteger httpInFlight() {
        return httpInFlight;
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
