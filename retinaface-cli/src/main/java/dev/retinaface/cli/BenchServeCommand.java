package dev.retinaface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retinaface.FaceModel;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.serve.DetectorFactory;
import dev.retinaface.serve.FaceService;
import dev.retinaface.serve.ServiceConfig;
import dev.retinaface.serve.ThreadNiceness;
import dev.retinaface.serve.bench.LoadGenerator;
import dev.retinaface.serve.bench.SyntheticImages;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code retinaface bench-serve}: the service in this process, a load generator in its own JVM on loopback.
 * Concurrency table, overhead against the in-process detector, /health under load, and an optional soak with the
 * server's RSS sampled from /proc and plotted.
 */
@Command(name = "bench-serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark the HTTP service with a separate load-generator process; prints Markdown.")
final class BenchServeCommand implements Callable<Integer> {

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @Option(names = "--image", paramLabel = "FILE", required = true, description = "Image posted by the clients.")
    Path image;

    @Option(names = "--workers", defaultValue = "2", description = "Service workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--queue", defaultValue = "16", description = "Service queue (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--worker-nice", defaultValue = "10",
            description = "CPU niceness of the service's detection threads and of the in-process yardstick's "
                    + "(default: ${DEFAULT-VALUE}).")
    int workerNice;

    @Option(names = "--memory-budget-mb", defaultValue = "1024",
            description = "Service memory budget (default: ${DEFAULT-VALUE}).")
    long memoryBudgetMb;

    @Option(names = "--levels", split = ",", defaultValue = "1,2,4,16,64,256",
            description = "Client concurrencies (default: ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds per level (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--parts", split = ",", defaultValue = "table,health",
            description = "What to run: table (concurrency levels and the in-process yardstick), health, soak "
                    + "(default: ${DEFAULT-VALUE}; soak also runs when --soak-minutes > 0).")
    List<String> parts;

    @Option(names = "--soak-minutes", defaultValue = "0", description = "Soak length; 0 = no soak.")
    int soakMinutes;

    @Option(names = "--soak-rate", defaultValue = "1", description = "Soak requests/s (default: ${DEFAULT-VALUE}).")
    double soakRate;

    @Option(names = "--plot", paramLabel = "PNG",
            description = "Where the soak RSS plot goes (the samples go next to it as .csv).")
    Path plot;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.log.retinaface.access") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.retinaface.access", "warn");
        }
        DetectorConfig detector = detectorOptions.detectorConfig().withResize(new ResizePolicy.LongSide(1920));
        byte[] bytes = Files.readAllBytes(image);
        try (FaceModel model = detectorOptions.loadModel()) {
            Map<String, DetectorFactory> models = new LinkedHashMap<>();
            models.put(model.name(), model::detector);
            ServiceConfig config = ServiceConfig.defaults().withPort(0).withWorkers(workers).withQueueSize(queue)
                    .withMemoryBudgetBytes(memoryBudgetMb << 20).withWorkerNice(workerNice).withDetector(detector);
            FaceService service = new FaceService(config, models).start();
            String url = "http://127.0.0.1:" + service.port();
            try {
                System.out.printf("## bench-serve: %s, %s, %d workers (niceness %d), queue %d, %d s per level, "
                                + "%d cores%n%n", model.name(), image.getFileName(), workers, workerNice, queue, seconds,
                        Runtime.getRuntime().availableProcessors());
                if (parts.contains("table")) {
                    table(model.detector(detector), bytes, url);
                }
                if (parts.contains("health")) {
                    health(url);
                }
                if (soakMinutes > 0 || parts.contains("soak")) {
                    soak(url);
                }
            } finally {
                service.close();
            }
        }
        return 0;
    }

    private void table(FaceDetector inProcessDetector, byte[] bytes, String url) throws Exception {
        double inProcess = inProcess(inProcessDetector, bytes, 2, seconds, workerNice);
        System.out.println("| clients | req/s | p50 ms | p95 ms | p99 ms | 200 | 503 | errors |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        double httpAt2 = Double.NaN;
        for (int level : levels) {
            JsonNode r = generator("closed", url, seconds, level, image.toString()).get(0);
            System.out.printf(Locale.ROOT, "| %d | %.2f | %.0f | %.0f | %.0f | %d | %d | %d |%n", level,
                    r.get("rps").asDouble(), r.get("p50").asDouble(), r.get("p95").asDouble(),
                    r.get("p99").asDouble(), r.get("ok").asInt(), r.get("busy").asInt(), r.get("errors").asInt());
            if (level == 2) {
                httpAt2 = r.get("rps").asDouble();
            }
        }
        System.out.printf(Locale.ROOT, "%nIn-process detector, 2 threads (decode + detect, same niceness): %.2f images/s; "
                + "service at 2 clients: %.2f req/s; overhead %.1f%%%n", inProcess, httpAt2,
                100 * (1 - httpAt2 / inProcess));
    }

    private void health(String url) throws Exception {
        List<JsonNode> h = generator("health", url, seconds, 64, image.toString());
        JsonNode health = h.get(1);
        System.out.printf(Locale.ROOT, "%n/health while 64 clients post images: p50 %.1f ms, p95 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms over %d probes (detect: %d ok, %d 503)%n", health.get("p50").asDouble(),
                health.get("p95").asDouble(), health.get("p99").asDouble(), health.get("max").asDouble(),
                health.get("ok").asInt(), h.get(0).get("ok").asInt(), h.get(0).get("busy").asInt());
    }

    /** Images/s of decode + detect on {@code threads} threads of the given niceness (as the service's workers). */
    private static double inProcess(FaceDetector detector, byte[] bytes, int threads, int seconds, int niceness)
            throws Exception {
        ImageLoader loader = new ImageLoader(detector.config().imageLoading());
        detector.detect(loader.load(bytes, "bench").image());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(() -> {
            ThreadNiceness.lowerCurrentThread(niceness);
            r.run();
        }));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<java.util.concurrent.Future<Integer>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    detector.detect(loader.load(bytes, "bench").image());
                    n++;
                }
                return n;
            }));
        }
        int total = 0;
        for (var c : counts) {
            total += c.get();
        }
        pool.shutdown();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private List<JsonNode> generator(String mode, String url, long secs, Object arg, String... images)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName(),
                mode, url, Long.toString(secs), arg.toString()));
        cmd.addAll(List.of(images));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode node = json.readTree(line);
                lines.add(node);
                if ("soak-window".equals(node.get("mode").asText())) {
                    System.err.println("soak " + line);
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException("the load generator failed (exit " + p.exitValue() + ")");
        }
        return lines;
    }

    private void soak(String url) throws Exception {
        Path dir = Files.createTempDirectory("retinaface-soak");
        BufferedImage source = ImageIO.read(image.toFile());
        Path small = Files.write(dir.resolve("small.jpg"), SyntheticImages.rescaled(source, 320, 240, "jpeg"));
        Path large = Files.write(dir.resolve("large.jpg"), SyntheticImages.rescaled(source, 1920, 1080, "jpeg"));
        Path bomb = Files.write(dir.resolve("bomb.png"), SyntheticImages.bombPng(7000));
        List<double[]> rss = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        long start = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                rss.add(new double[]{(System.nanoTime() - start) / 60e9, rssMb()});
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        List<JsonNode> lines = generator("soak", url, soakMinutes * 60L, soakRate, small.toString(), image.toString(),
                large.toString(), bomb.toString());
        done.set(true);
        sampler.join();
        for (Path p : List.of(small, large, bomb, dir)) {
            Files.deleteIfExists(p);
        }
        JsonNode total = lines.get(lines.size() - 1);
        double warm = rss.stream().filter(s -> s[0] >= Math.min(2, soakMinutes / 5.0)).mapToDouble(s -> s[1]).findFirst()
                .orElse(rss.get(0)[1]);
        double last = rss.get(rss.size() - 1)[1];
        double peak = rss.stream().mapToDouble(s -> s[1]).max().orElse(0);
        System.out.printf(Locale.ROOT, "%nSoak %d min at %.1f req/s (small, %s, 1920x1080, 7000x7000 PNG bomb in turn): "
                        + "%d ok, %d 503, %d errors, p50 %.0f ms, p99 %.0f ms; server RSS after warm-up %.0f MB, at the end "
                        + "%.0f MB (growth %.1f%%), peak %.0f MB%n", soakMinutes, soakRate, image.getFileName(),
                total.get("ok").asInt(), total.get("busy").asInt(), total.get("errors").asInt(),
                total.get("p50").asDouble(), total.get("p99").asDouble(), warm, last, 100 * (last / warm - 1), peak);
        if (plot != null) {
            XYChart chart = new XYChartBuilder().width(900).height(420).title("Server RSS during the soak")
                    .xAxisTitle("minutes").yAxisTitle("RSS (MB)").build();
            chart.addSeries("RSS", rss.stream().mapToDouble(s -> s[0]).toArray(),
                    rss.stream().mapToDouble(s -> s[1]).toArray());
            chart.getStyler().setYAxisMin(0.0);
            BitmapEncoder.saveBitmap(chart, plot.toString(), BitmapEncoder.BitmapFormat.PNG);
            StringBuilder csv = new StringBuilder("minutes,rss_mb\n");
            rss.forEach(r -> csv.append(String.format(Locale.ROOT, "%.3f,%.1f%n", r[0], r[1])));
            Files.writeString(Path.of(plot.toString().replaceFirst("(\\.png)?$", ".csv")), csv);
        }
    }

    private static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
