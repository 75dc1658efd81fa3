package dev.retinaface.model.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads a {@link WeightsSpec}'s file, trying its sources in order. Each transfer streams into a temporary
 * file next to the target while computing the SHA-256; the file is moved into place (atomically where the file
 * system allows) only when it is verified, so a half-downloaded or wrong file is never left under the target's
 * name. Verified means the registry's size and checksum, or, for a spec with a tensor digest, a safely readable
 * checkpoint with identical tensors (a re-host that saved the same weights differently; its size may then differ,
 * up to {@link WeightsSpec#maxAcceptedBytes()}).
 */
public final class WeightsDownloader {

    private static final int BUFFER_BYTES = 1 << 16;

    private final DownloadConfig config;
    private final DownloadProgress progress;
    private final HttpClient client;

    /**
     * @param config   timeouts
     * @param progress receives progress, e.g. {@link ProgressPrinter#onStandardError()} or
     *                 {@link DownloadProgress#NONE}
     */
    public WeightsDownloader(DownloadConfig config, DownloadProgress progress) {
        this.config = config;
        this.progress = progress;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL) // GitHub release assets redirect to a CDN
                .connectTimeout(config.connectTimeout())
                .build();
    }

    /** Where progress and notes go (the resolver reports local files accepted by their tensors there too). */
    DownloadProgress progress() {
        return progress;
    }

    /** Default timeouts, progress on standard error. */
    public static WeightsDownloader withDefaults() {
        return new WeightsDownloader(DownloadConfig.defaults(), ProgressPrinter.onStandardError());
    }

    /**
     * Downloads {@code spec}'s file to {@code target}, replacing what is there.
     *
     * @return {@code target}, now holding the verified file
     * @throws WeightsException when no source delivers the right bytes; the message lists each source's failure
     *                          and how to install the file by hand
     */
    public Path download(WeightsSpec spec, Path target) {
        List<String> failures = new ArrayList<>();
        for (URI source : spec.sources()) {
            try {
                WeightsVerifier.Verdict verdict = fetch(spec, source, target);
                if (verdict.match() == WeightsVerifier.Match.SAME_TENSORS) {
                    progress.finishedWithSameTensors(verdict.message());
                } else {
                    progress.finished();
                }
                return target;
            } catch (SourceFailure e) {
                progress.failed(spec.fileName(), source, e.getMessage());
                failures.add(source + ": " + e.getMessage());
            }
        }
        throw new WeightsException(unavailableMessage(spec, target, failures));
    }

    private WeightsVerifier.Verdict fetch(WeightsSpec spec, URI source, Path target) throws SourceFailure {
        Path part = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            part = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".",
                    ".part");
            HttpRequest request = HttpRequest.newBuilder(source)
                    .timeout(config.responseTimeout())
                    .header("User-Agent", config.userAgent())
                    .GET()
                    .build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String actualSha256;
            try (InputStream body = response.body()) {
                long announced = checkResponse(response, spec);
                progress.started(spec.fileName(), source, announced > 0 ? announced : spec.sizeBytes());
                actualSha256 = copyHashing(body, part, spec, announced);
            }
            WeightsVerifier.Verdict verdict = WeightsVerifier.verify(part, spec, actualSha256, "the download");
            if (!verdict.accepted()) {
                throw new SourceFailure(verdict.message() + " (the file was discarded)");
            }
            moveIntoPlace(part, target);
            part = null;
            return verdict;
        } catch (IOException e) {
            throw new SourceFailure(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeightsException("download of " + spec.fileName() + " was interrupted", e);
        } finally {
            deleteQuietly(part);
        }
    }

    /** Refuses an error status, a web page or a wrong announced length; returns the announced length or -1. */
    private static long checkResponse(HttpResponse<?> response, WeightsSpec spec) throws SourceFailure {
        int status = response.statusCode();
        if (status != 200) {
            throw new SourceFailure("HTTP " + status);
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("text/html")) {
            // e.g. Google Drive's "confirm download" page or a login wall
            throw new SourceFailure("the server sent a web page (" + type + ") instead of the file");
        }
        long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced >= 0 && announced != spec.sizeBytes()
                && (spec.tensorDigest() == null || announced > spec.maxAcceptedBytes())) {
            throw new SourceFailure("the server announces " + announced + " bytes, expected " + spec.sizeBytes()
                    + (spec.tensorDigest() == null ? "" : " (at most " + spec.maxAcceptedBytes()
                    + " for a copy saved differently)"));
        }
        return announced;
    }

    /**
     * Copies {@code body} to {@code part} while hashing it and returns the SHA-256; a stalled transfer is cut by
     * a watchdog, a short or overlong one is refused.
     */
    private String copyHashing(InputStream body, Path part, WeightsSpec spec, long announced)
            throws IOException, SourceFailure {
        MessageDigest digest = Checksums.newSha256();
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledExecutorService watchdog = startWatchdog(body, lastData, stalled);
        long done = 0;
        try (OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                lastData.set(System.nanoTime());
                done += n;
                if (done > spec.maxAcceptedBytes()) {
                    throw new SourceFailure("the server sent more than the " + (spec.tensorDigest() == null
                            ? "expected " : "accepted ") + spec.maxAcceptedBytes() + " bytes");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                progress.advanced(done);
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new SourceFailure("no data for " + config.stallTimeout().toSeconds() + " s after " + done
                        + " of " + spec.sizeBytes() + " bytes");
            }
            throw e;
        } finally {
            watchdog.shutdownNow();
            if (stalled.get()) {
                Thread.interrupted(); // the watchdog's interrupt is handled here; do not leak it to the caller
            }
        }
        long expected = announced >= 0 ? announced : spec.sizeBytes();
        // without an announced length, a copy saved differently may legitimately have another size
        if (done != expected && (announced >= 0 || spec.tensorDigest() == null)) {
            throw new SourceFailure("the transfer ended after " + done + " of " + expected + " bytes");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private ScheduledExecutorService startWatchdog(InputStream body, AtomicLong lastData, AtomicBoolean stalled) {
        Thread reader = Thread.currentThread();
        long stallNanos = config.stallTimeout().toNanos();
        long periodMillis = Math.max(10, Math.min(1000, config.stallTimeout().toMillis() / 4));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weights-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(() -> {
            if (!stalled.get() && System.nanoTime() - lastData.get() > stallNanos) {
                stalled.set(true);
                // closing alone does not always wake a blocked read of the JDK client; the interrupt does
                reader.interrupt();
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the read fails either way
                }
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return watchdog;
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover ".part" file is harmless: it never carries the target's name
            }
        }
    }

    private static String describe(IOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out (offline or blocked by a firewall?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no response in time";
        }
        if (e instanceof ConnectException || cause instanceof ConnectException) {
            return "connection refused or host unreachable (offline?)";
        }
        if (e instanceof UnknownHostException || cause instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException) {
            return "host name not found (offline?)";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String unavailableMessage(WeightsSpec spec, Path target, List<String> failures) {
        StringBuilder m = new StringBuilder();
        if (failures.isEmpty()) {
            m.append("No download source is known for ").append(spec.fileName()).append('.');
        } else {
            m.append("Could not download ").append(spec.fileName()).append(" (").append(spec.sizeText())
                    .append(") from any of its ").append(failures.size()).append(" source(s):");
            failures.forEach(f -> m.append("\n  - ").append(f));
        }
        m.append("\nTo use it without this download:");
        if (!spec.sources().isEmpty()) {
            m.append("\n  1. download it by hand (e.g. in a browser) from ").append(spec.sources().get(0));
        } else {
            m.append("\n  1. obtain the file ").append(spec.fileName());
        }
        m.append("\n  2. check that its SHA-256 is ").append(spec.sha256()).append(" and its size ")
                .append(spec.sizeBytes()).append(" bytes");
        if (spec.tensorDigest() != null) {
            m.append(" (a copy saved differently is also accepted when its tensors are identical)");
        }
        m
                .append("\n  3. then pass --weights FILE, or set ").append(WeightsResolver.WEIGHTS_VARIABLE)
                .append("=FILE, or put it at ").append(target)
                .append("\n     (or set ").append(WeightsResolver.WEIGHTS_DIR_VARIABLE)
                .append(" to a folder holding it as ").append(spec.fileName()).append(')');
        return m.toString();
    }

    /** One source did not deliver the file; the next may. */
    private static final class SourceFailure extends Exception {
        SourceFailure(String message) {
            super(message, null, false, false);
        }
    }
}
