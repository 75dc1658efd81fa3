package dev.retinaface.serve.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator of {@code retinaface bench-serve}, run in its own JVM against a service on loopback. Prints one
 * JSON line per result.
 *
 * <pre>
 * closed URL SECONDS CONCURRENCY IMAGE...    N clients, each sends the next request (images in turn) when its
 *                                            answer came (after a 503, once its Retry-After of 1 s has passed)
 * health URL SECONDS CONCURRENCY IMAGE...    as closed, plus a /health probe every 50 ms on a connection of its
 *                                            own (as an orchestrator's probe would be); reports its latency
 * soak URL SECONDS RATE IMAGE...             open loop at RATE requests/s, images in turn; a line every 60 s
 * </pre>
 */
public final class LoadGenerator {

    private static final HttpClient CLIENT = client();

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI base = URI.create(args[1]);
        long seconds = Long.parseLong(args[2]);
        switch (mode) {
            case "closed", "health" -> closed(base, seconds, Integer.parseInt(args[3]), images(args),
                    mode.equals("health"));
            case "soak" -> soak(base, seconds, Double.parseDouble(args[3]), images(args));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static List<byte[]> images(String[] args) {
        return Arrays.stream(args, 4, args.length).map(LoadGenerator::read).toList();
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Latencies (ms) and status counts, thread-safe. */
    static final class Tally {
        final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();

        void record(int status, double ms) {
            if (status == 200) {
                ok.incrementAndGet();
                latencies.add(ms);
            } else if (status == 503) {
                busy.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
        }

        String json(String extra, double seconds) {
            List<Double> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            Collections.sort(sorted);
            return String.format(Locale.ROOT, "{%s\"seconds\":%.1f,\"ok\":%d,\"busy\":%d,\"errors\":%d,\"rps\":%.3f,"
                            + "\"p50\":%.1f,\"p95\":%.1f,\"p99\":%.1f,\"max\":%.1f}", extra, seconds, ok.get(), busy.get(),
                    errors.get(), ok.get() / seconds, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
                    pct(sorted, 100));
        }
    }

    static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static int send(HttpRequest request) {
        return send(CLIENT, request);
    }

    private static int send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpRequest detect(URI base, byte[] image) {
        return HttpRequest.newBuilder(base.resolve("/v1/detect")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
    }

    private static void closed(URI base, long seconds, int concurrency, List<byte[]> images, boolean probeHealth)
            throws InterruptedException {
        AtomicInteger sent = new AtomicInteger();
        Tally tally = new Tally();
        Tally health = new Tally();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    byte[] image = images.get(Math.floorMod(sent.getAndIncrement(), images.size()));
                    long t0 = System.nanoTime();
                    int status = send(detect(base, image));
                    tally.record(status, (System.nanoTime() - t0) / 1e6);
                    if (status == 503) {
                        sleepQuietly(1000); // a well-behaved client honours Retry-After: 1
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            clients.add(t);
        }
        if (probeHealth) {
            HttpRequest probe = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(30)).GET().build();
            HttpClient prober = client();
            sleepQuietly(2000);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                health.record(send(prober, probe), (System.nanoTime() - t0) / 1e6);
                sleepQuietly(50);
            }
        }
        for (Thread t : clients) {
            t.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        System.out.println(tally.json("\"mode\":\"closed\",\"concurrency\":" + concurrency + ",", took));
        if (probeHealth) {
            System.out.println(health.json("\"mode\":\"health\",\"concurrency\":" + concurrency + ",", took));
        }
    }

    private static void soak(URI base, long seconds, double rate, List<byte[]> images) throws InterruptedException {
        ExecutorService senders = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        Tally[] window = {new Tally()};
        Tally total = new Tally();
        long start = System.nanoTime();
        long periodMicros = (long) (1e6 / rate);
        ticker.scheduleAtFixedRate(() -> {
            byte[] image = images.get(Math.floorMod(sent.getAndIncrement(), images.size()));
            senders.submit(() -> {
                long t0 = System.nanoTime();
                int status = send(detect(base, image));
                double ms = (System.nanoTime() - t0) / 1e6;
                window[0].record(status, ms);
                total.record(status, ms);
            });
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        long minutes = Math.max(1, seconds / 60);
        long stepSeconds = seconds / minutes;
        for (long m = 1; m <= minutes; m++) {
            Thread.sleep(stepSeconds * 1000);
            Tally w = window[0];
            window[0] = new Tally();
            System.out.println(w.json("\"mode\":\"soak-window\",\"minute\":" + m + ",", stepSeconds));
        }
        ticker.shutdownNow();
        senders.shutdown();
        senders.awaitTermination(120, TimeUnit.SECONDS);
        System.out.println(total.json("\"mode\":\"soak\",\"rate\":" + rate + ",", (System.nanoTime() - start) / 1e9));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
