package dev.retinaface.model.registry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from a server on 127.0.0.1 only. */
class WeightsDownloaderTest {

    private static final byte[] PAYLOAD = LocalFileServer.payload(300_000, 42);
    private static final String PAYLOAD_SHA = sha256(PAYLOAD);

    @TempDir
    Path cacheDir;

    private LocalFileServer server;
    private RecordingProgress progress;
    private WeightsDownloader downloader;

    @BeforeEach
    void start() throws IOException {
        server = new LocalFileServer(PAYLOAD);
        progress = new RecordingProgress();
        downloader = new WeightsDownloader(DownloadConfig.defaults().withStallTimeout(Duration.ofMillis(400)),
                progress);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadLandsInCacheWithTheRightChecksum() throws IOException {
        Path target = cacheDir.resolve("sub/model.pth");
        Path result = downloader.download(spec(PAYLOAD_SHA, server.uri("/file")), target);

        assertEquals(target, result);
        assertArrayEquals(PAYLOAD, Files.readAllBytes(target));
        assertEquals(PAYLOAD_SHA, Checksums.sha256(target));
        assertEquals(PAYLOAD.length, progress.lastBytes);
        assertEquals(1, progress.finished);
        assertEquals(List.of(target), filesUnder(cacheDir), "no temporary file may remain");
    }

    @Test
    void wrongChecksumIsRefusedNamingBothSumsAndLeavesNoFile() throws IOException {
        String expected = "00".repeat(32);
        Path target = cacheDir.resolve("model.pth");

        WeightsException e = assertThrows(WeightsException.class,
                () -> downloader.download(spec(expected, server.uri("/file")), target));

        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(PAYLOAD_SHA), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), filesUnder(cacheDir), "the partial file must be deleted");
    }

    @Test
    void aFailingSourceIsSkippedForTheNextOne() throws IOException {
        Path target = cacheDir.resolve("model.pth");
        downloader.download(spec(PAYLOAD_SHA, server.uri("/missing"), server.uri("/file")), target);

        assertArrayEquals(PAYLOAD, Files.readAllBytes(target));
        assertEquals(List.of("HTTP 404"), progress.failures);
        assertEquals(List.of(server.uri("/file")), progress.started, "a 404 never starts a transfer");
    }

    @Test
    void serverDownGivesAnOfflineMessageSayingWhatToDo() {
        URI source = server.uri("/file");
        server.close();
        Path target = cacheDir.resolve("model.pth");

        WeightsException e = assertThrows(WeightsException.class,
                () -> downloader.download(spec(PAYLOAD_SHA, source), target));

        String m = e.getMessage();
        assertTrue(m.startsWith("Could not download model.pth"), m);
        assertTrue(m.contains(source + ": connection refused"), m);
        assertTrue(m.contains("offline"), m);
        assertTrue(m.contains("download it by hand (e.g. in a browser) from " + source), m);
        assertTrue(m.contains(PAYLOAD_SHA), m);
        assertTrue(m.contains("--weights FILE"), m);
        assertTrue(m.contains("RETINAFACE_WEIGHTS=FILE"), m);
        assertTrue(m.contains("put it at " + target), m);
        assertFalse(Files.exists(target));
    }

    @Test
    void aWebPageInsteadOfTheFileIsRefused() {
        WeightsException e = assertThrows(WeightsException.class,
                () -> downloader.download(spec(PAYLOAD_SHA, server.uri("/page")), cacheDir.resolve("m.pth")));
        assertTrue(e.getMessage().contains("sent a web page (text/html"), e.getMessage());
    }

    @Test
    void aWrongAnnouncedLengthIsRefusedBeforeTheTransfer() {
        WeightsSpec bigger = new WeightsSpec("test", "m.pth", PAYLOAD.length + 1L, PAYLOAD_SHA,
                List.of(server.uri("/file")));
        WeightsException e = assertThrows(WeightsException.class,
                () -> downloader.download(bigger, cacheDir.resolve("m.pth")));
        assertTrue(e.getMessage().contains("announces " + PAYLOAD.length + " bytes, expected "
                + (PAYLOAD.length + 1)), e.getMessage());
        assertEquals(List.of(), progress.started);
    }

    @Test
    void aTruncatedTransferIsRefused() throws IOException {
        WeightsException e = assertThrows(WeightsException.class,
                () -> downloader.download(spec(PAYLOAD_SHA, server.uri("/truncated")), cacheDir.resolve("m.pth")));
        assertTrue(e.getMessage().contains("ended after " + PAYLOAD.length / 2 + " of " + PAYLOAD.length),
                e.getMessage());
        assertEquals(List.of(), filesUnder(cacheDir));
    }

    @Test
    void aStalledTransferIsAbandonedForTheNextSource() throws IOException {
        Path target = cacheDir.resolve("model.pth");
        downloader.download(spec(PAYLOAD_SHA, server.uri("/stall"), server.uri("/file")), target);

        assertArrayEquals(PAYLOAD, Files.readAllBytes(target));
        assertEquals(1, progress.failures.size());
        assertTrue(progress.failures.get(0).startsWith("no data for"), progress.failures.get(0));
        assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt must not leak");
    }

    @Test
    void anExistingTargetIsReplacedOnlyByAVerifiedFile() throws IOException {
        Path target = cacheDir.resolve("model.pth");
        Files.writeString(target, "old");
        assertThrows(WeightsException.class,
                () -> downloader.download(spec("11".repeat(32), server.uri("/file")), target));
        assertEquals("old", Files.readString(target));

        downloader.download(spec(PAYLOAD_SHA, server.uri("/file")), target);
        assertArrayEquals(PAYLOAD, Files.readAllBytes(target));
    }

    private static WeightsSpec spec(String sha, URI... sources) {
        return new WeightsSpec("test", "model.pth", PAYLOAD.length, sha, List.of(sources));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
