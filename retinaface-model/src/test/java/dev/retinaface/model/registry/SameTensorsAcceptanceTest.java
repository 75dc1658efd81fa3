package dev.retinaface.model.registry;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.checkpoint.Checkpoint;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.CheckpointWriter;
import dev.retinaface.model.checkpoint.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files with other bytes than the registry's copy of mobilenet0.25 but the same tensors (the shared legacy
 * checkpoint re-saved in zip format) are accepted through the tensor digest; a copy with one value changed is not.
 * Downloads come from a server on 127.0.0.1 only.
 */
class SameTensorsAcceptanceTest {

    private static final String SAME_TENSORS = "bytes differ from the registry's copy but the tensors are identical";
    private static final WeightsSpec REGISTRY = KnownWeights.MOBILENET0_25.spec();

    @TempDir
    static Path files;
    private static byte[] resaved;
    private static byte[] tampered;

    @TempDir
    Path tmp;

    private final RecordingProgress progress = new RecordingProgress();

    @BeforeAll
    static void writeCopies() throws IOException {
        Checkpoint original = CheckpointReader.read(SharedData.resolve("weights/" + REGISTRY.fileName()));
        Path same = files.resolve("resaved.pth");
        CheckpointWriter.write(same, original.stateDict());
        resaved = Files.readAllBytes(same);

        Map<String, Tensor> changed = new LinkedHashMap<>(original.stateDict());
        Tensor first = original.tensor("body.stage1.0.0.weight");
        float[] data = first.data().clone();
        data[0] += 1e-3f;
        changed.put("body.stage1.0.0.weight", new Tensor(first.shape(), data));
        Path other = files.resolve("tampered.pth");
        CheckpointWriter.write(other, changed);
        tampered = Files.readAllBytes(other);
    }

    @Test
    void aReSavedDownloadIsAcceptedByItsTensorsThoughSizeAndBytesDiffer() throws IOException {
        assertNotEquals(REGISTRY.sizeBytes(), resaved.length, "the zip copy has another size: that is allowed too");
        try (LocalFileServer server = new LocalFileServer(resaved)) {
            Path target = tmp.resolve("mobilenet0.25_Final.pth");
            downloader().download(spec(server.uri("/file")), target);

            assertArrayEquals(resaved, Files.readAllBytes(target));
            assertEquals(0, progress.finished, "not reported as an exact SHA-256 match");
            assertEquals(1, progress.sameTensors.size());
            String detail = progress.sameTensors.get(0);
            assertTrue(detail.contains(SAME_TENSORS), detail);
            assertTrue(detail.contains(REGISTRY.sha256()) && detail.contains(Checksums.sha256(target)), detail);
        }
    }

    @Test
    void aDownloadWithOneChangedValueIsRefusedNamingBothSums() throws IOException {
        try (LocalFileServer server = new LocalFileServer(tampered)) {
            Path target = tmp.resolve("mobilenet0.25_Final.pth");
            WeightsException e = assertThrows(WeightsException.class,
                    () -> downloader().download(spec(server.uri("/file")), target));

            String m = e.getMessage();
            assertTrue(m.contains("has SHA-256 " + WeightsDownloaderTest.sha256(tampered) + ", expected "
                    + REGISTRY.sha256()), m);
            assertTrue(m.contains("the tensors differ too (tensor digest "), m);
            assertTrue(m.contains("expected " + REGISTRY.tensorDigest()), m);
            assertTrue(m.contains("(the file was discarded)"), m);
            assertEquals(List.of(), filesUnder(tmp), "nothing may be left behind");
        }
    }

    @Test
    void aDownloadThatIsNoCheckpointIsRefusedSayingSo() throws IOException {
        byte[] junk = LocalFileServer.payload(100_000, 3);
        try (LocalFileServer server = new LocalFileServer(junk)) {
            WeightsException e = assertThrows(WeightsException.class,
                    () -> downloader().download(spec(server.uri("/file")), tmp.resolve("m.pth")));
            assertTrue(e.getMessage().contains("and it is not a readable checkpoint (not a PyTorch checkpoint"),
                    e.getMessage());
        }
    }

    @Test
    void aDownloadOverFourTimesTheSizeIsRefusedBeforeTransfer() throws IOException {
        byte[] big = LocalFileServer.payload(50_001, 4);
        WeightsSpec small = new WeightsSpec("x", "x.pth", 12_500, REGISTRY.sha256(), REGISTRY.tensorDigest(),
                List.of());
        try (LocalFileServer server = new LocalFileServer(big)) {
            WeightsSpec spec = new WeightsSpec("x", "x.pth", small.sizeBytes(), small.sha256(), small.tensorDigest(),
                    List.of(server.uri("/file")));
            WeightsException e = assertThrows(WeightsException.class,
                    () -> downloader().download(spec, tmp.resolve("x.pth")));
            assertTrue(e.getMessage().contains("announces 50001 bytes, expected 12500 (at most 50000"),
                    e.getMessage());
            assertEquals(List.of(), progress.started);
        }
    }

    @Test
    void aDigestAcceptedDownloadIsMarkedInTheCacheAndTrustedUntilItChanges() throws IOException {
        try (LocalFileServer server = new LocalFileServer(resaved)) {
            WeightsSpec spec = spec(server.uri("/file"));
            WeightsResolver resolver = resolver(Map.of());

            assertEquals(ResolvedWeights.Origin.DOWNLOADED, resolver.resolve(spec, Optional.empty()).origin());
            Path cached = cache().pathOf(spec);
            Path marker = cached.resolveSibling(cached.getFileName() + ".verified");
            assertTrue(Files.readString(marker).startsWith(REGISTRY.sha256() + " " + REGISTRY.tensorDigest() + " "
                    + resaved.length + " "), Files.readString(marker));

            server.close(); // from now on only the cache can answer
            assertEquals(ResolvedWeights.Origin.CACHE, resolver.resolve(spec, Optional.empty()).origin());
            assertEquals(WeightsCache.State.VERIFIED, cache().state(spec));
            assertEquals(List.of(), progress.notes, "the marker vouches for it: no second check, no second note");

            // same size, one value changed, new modification time: the marker no longer vouches for it
            Files.write(cached, tampered);
            Files.setLastModifiedTime(cached, FileTime.fromMillis(Files.getLastModifiedTime(cached).toMillis() + 5000));
            assertEquals(WeightsCache.State.CORRUPT, cache().state(spec));
            WeightsException e = assertThrows(WeightsException.class, () -> resolver.resolve(spec, Optional.empty()));
            assertTrue(e.getMessage().contains("the tensors differ too") && e.getMessage().contains("Delete " + cached),
                    e.getMessage());
        }
    }

    @Test
    void aReSavedCopyPutInTheCacheByHandIsAcceptedWithANote() throws IOException {
        WeightsSpec spec = spec(URI.create("http://127.0.0.1:9/none"));
        Path cached = cache().pathOf(spec);
        Files.createDirectories(cached.getParent());
        Files.write(cached, resaved);

        ResolvedWeights r = resolver(Map.of()).resolve(spec, Optional.empty());

        assertEquals(new ResolvedWeights(cached, ResolvedWeights.Origin.CACHE), r);
        assertEquals(1, progress.notes.size());
        assertTrue(progress.notes.get(0).startsWith("mobilenet0.25_Final.pth: " + cached + ": " + SAME_TENSORS),
                progress.notes.get(0));
    }

    @Test
    void theWeightsFolderAcceptsAReSavedCopyAndRefusesATamperedOne() throws IOException {
        WeightsSpec spec = spec(URI.create("http://127.0.0.1:9/none"));
        Path folder = Files.createDirectories(tmp.resolve("weights"));
        Path file = Files.write(folder.resolve(spec.fileName()), resaved);
        Map<String, String> env = Map.of(WeightsResolver.WEIGHTS_DIR_VARIABLE, folder.toString());

        ResolvedWeights r = resolver(env).resolve(spec, Optional.empty());

        assertEquals(new ResolvedWeights(file, ResolvedWeights.Origin.ENV_DIR), r);
        assertEquals(1, progress.notes.size());
        assertTrue(progress.notes.get(0).contains(file + ": " + SAME_TENSORS), progress.notes.get(0));

        Files.write(file, tampered);
        WeightsException e = assertThrows(WeightsException.class, () -> resolver(env).resolve(spec, Optional.empty()));
        assertTrue(e.getMessage().contains(WeightsResolver.WEIGHTS_DIR_VARIABLE)
                && e.getMessage().contains("the tensors differ too"), e.getMessage());
        assertFalse(e.getMessage().contains(SAME_TENSORS));
    }

    /** The registry's mobilenet0.25 entry, downloaded from {@code source}. */
    private static WeightsSpec spec(URI source) {
        return new WeightsSpec(REGISTRY.name(), REGISTRY.fileName(), REGISTRY.sizeBytes(), REGISTRY.sha256(),
                REGISTRY.tensorDigest(), List.of(source));
    }

    private WeightsDownloader downloader() {
        return new WeightsDownloader(DownloadConfig.defaults().withStallTimeout(Duration.ofSeconds(5)), progress);
    }

    private WeightsCache cache() {
        return new WeightsCache(tmp.resolve("cache"));
    }

    private WeightsResolver resolver(Map<String, String> variables) {
        return new WeightsResolver(Environment.of(variables, Map.of()), cache(), downloader(), EmbeddedWeights.none()); // these tests are about the cache and downloads
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
