package dev.retinaface.model.registry;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsResolverTest {

    private static final byte[] CONTENT = LocalFileServer.payload(50_000, 7);
    private static final String SHA = WeightsDownloaderTest.sha256(CONTENT);
    // nothing listens on port 9 of 127.0.0.1 in tests: any attempt to download fails at once
    private static final URI UNREACHABLE = URI.create("http://127.0.0.1:9/none");

    @TempDir
    Path tmp;

    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, String> properties = new HashMap<>();

    @Test
    void explicitFileWinsOverEverything() throws IOException {
        WeightsSpec spec = spec(UNREACHABLE);
        Path own = write(tmp.resolve("own.pth"), "anything: the user's own file is not checked");
        variables.put("RETINAFACE_WEIGHTS", write(tmp.resolve("env.pth"), "x").toString());
        variables.put("RETINAFACE_WEIGHTS_DIR", folderWithGoodCopy().toString());
        putInCache(spec);

        ResolvedWeights r = resolver().resolve(spec, Optional.of(own));

        assertEquals(new ResolvedWeights(own, ResolvedWeights.Origin.EXPLICIT), r);
    }

    @Test
    void weightsVariableWinsOverFolderAndCache() throws IOException {
        WeightsSpec spec = spec(UNREACHABLE);
        Path env = write(tmp.resolve("env.pth"), "x");
        variables.put("RETINAFACE_WEIGHTS", env.toString());
        variables.put("RETINAFACE_WEIGHTS_DIR", folderWithGoodCopy().toString());

        assertEquals(new ResolvedWeights(env, ResolvedWeights.Origin.ENV_FILE), resolver().resolve(spec, Optional.empty()));
    }

    @Test
    void weightsFolderWinsOverCacheAndIsVerified() throws IOException {
        WeightsSpec spec = spec(UNREACHABLE);
        Path folder = folderWithGoodCopy();
        variables.put("RETINAFACE_WEIGHTS_DIR", folder.toString());
        putInCache(spec);

        ResolvedWeights r = resolver().resolve(spec, Optional.empty());
        assertEquals(new ResolvedWeights(folder.resolve("sub/model.pth"), ResolvedWeights.Origin.ENV_DIR), r);

        Files.write(folder.resolve("sub/model.pth"), LocalFileServer.payload(CONTENT.length, 8));
        WeightsException e = assertThrows(WeightsException.class, () -> resolver().resolve(spec, Optional.empty()));
        assertTrue(e.getMessage().contains("RETINAFACE_WEIGHTS_DIR") && e.getMessage().contains(SHA),
                e.getMessage());
    }

    @Test
    void weightsFolderPropertyWorksAloneAndWinsOverTheVariable() throws IOException {
        WeightsSpec spec = spec(UNREACHABLE);
        Path folder = folderWithGoodCopy();
        properties.put(WeightsResolver.WEIGHTS_DIR_PROPERTY, folder.toString());
        assertEquals(new ResolvedWeights(folder.resolve("sub/model.pth"), ResolvedWeights.Origin.ENV_DIR),
                resolver().resolve(spec, Optional.empty()));

        variables.put("RETINAFACE_WEIGHTS_DIR", Files.createDirectories(tmp.resolve("empty")).toString());
        properties.put(WeightsResolver.WEIGHTS_DIR_PROPERTY, tmp.resolve("missing").toString());
        WeightsException e = assertThrows(WeightsException.class, () -> resolver().resolve(spec, Optional.empty()));
        assertTrue(e.getMessage().contains("-Dretinaface.weights.dir") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void aFolderWithoutTheFileFallsThroughToTheCache() throws IOException {
        WeightsSpec spec = spec(UNREACHABLE);
        variables.put("RETINAFACE_WEIGHTS_DIR", Files.createDirectories(tmp.resolve("empty")).toString());
        Path cached = putInCache(spec);

        assertEquals(new ResolvedWeights(cached, ResolvedWeights.Origin.CACHE), resolver().resolve(spec, Optional.empty()));
        assertTrue(resolver().isCached(spec));
    }

    @Test
    void nothingLocalDownloadsIntoTheCache() throws IOException {
        try (LocalFileServer server = new LocalFileServer(CONTENT)) {
            WeightsSpec spec = spec(server.uri("/file"));
            WeightsResolver resolver = resolver();
            assertFalse(resolver.isCached(spec));

            ResolvedWeights first = resolver.resolve(spec, Optional.empty());
            assertEquals(new ResolvedWeights(cache().pathOf(spec), ResolvedWeights.Origin.DOWNLOADED), first);
            assertEquals(SHA, Checksums.sha256(first.file()));
            assertTrue(resolver.isCached(spec));

            server.close(); // the second run must not need the network
            assertEquals(ResolvedWeights.Origin.CACHE, resolver.resolve(spec, Optional.empty()).origin());
        }
    }

    @Test
    void aDamagedCachedFileIsReportedNotUsed() throws IOException {
        WeightsSpec spec = spec(UNREACHABLE);
        Path cached = putInCache(spec);
        assertTrue(resolver().isCached(spec)); // verified once, marker written

        // same size, other bytes, new modification time: the marker no longer vouches for it
        Files.write(cached, LocalFileServer.payload(CONTENT.length, 9));
        Files.setLastModifiedTime(cached, FileTime.fromMillis(Files.getLastModifiedTime(cached).toMillis() + 5000));

        assertFalse(resolver().isCached(spec));
        assertEquals(WeightsCache.State.CORRUPT, cache().state(spec));
        WeightsException e = assertThrows(WeightsException.class, () -> resolver().resolve(spec, Optional.empty()));
        assertTrue(e.getMessage().contains("expected " + SHA) && e.getMessage().contains("Delete " + cached),
                e.getMessage());
    }

    @Test
    void aMissingExplicitOrVariableFileIsAClearError() {
        WeightsSpec spec = spec(UNREACHABLE);
        Path missing = tmp.resolve("nope.pth");
        WeightsException e = assertThrows(WeightsException.class,
                () -> resolver().resolve(spec, Optional.of(missing)));
        assertEquals("the weights file " + missing + " (from --weights) does not exist", e.getMessage());

        variables.put("RETINAFACE_WEIGHTS", missing.toString());
        e = assertThrows(WeightsException.class, () -> resolver().resolve(spec, Optional.empty()));
        assertEquals("the weights file " + missing + " (from RETINAFACE_WEIGHTS) does not exist", e.getMessage());
    }

    @Test
    void offlineWithNothingLocalExplainsWhatToDo() {
        WeightsSpec spec = spec(UNREACHABLE);
        WeightsException e = assertThrows(WeightsException.class, () -> resolver().resolve(spec, Optional.empty()));
        assertTrue(e.getMessage().contains("put it at " + cache().pathOf(spec)), e.getMessage());
        assertFalse(resolver().isCached(spec));
    }

    @Test
    void cacheFolderComesFromPropertyThenVariableThenHome() {
        Map<String, String> props = Map.of("user.home", "/home/u");
        assertEquals(Path.of("/home/u/.cache/retinaface-java"), WeightsCache.locate(Environment.of(Map.of(), props)).root());
        assertEquals(Path.of("/data/rf"),
                WeightsCache.locate(Environment.of(Map.of("RETINAFACE_HOME", "/data/rf"), props)).root());
        assertEquals(Path.of("/opt/rf"), WeightsCache.locate(Environment.of(Map.of("RETINAFACE_HOME", "/data/rf"),
                Map.of("user.home", "/home/u", "retinaface.home", "/opt/rf"))).root());
    }

    @Test
    void theSharedWeightsFolderResolvesEveryKnownFileItHolds() {
        Path shared = SharedData.resolve("weights");
        variables.put("RETINAFACE_WEIGHTS_DIR", shared.toString());
        WeightsResolver resolver = resolver();
        for (KnownWeights w : KnownWeights.values()) {
            if (w == KnownWeights.RESNET50) {
                continue; // not in the shared folder; resolving it would try a download
            }
            ResolvedWeights r = resolver.resolve(w.id(), Optional.empty());
            assertEquals(ResolvedWeights.Origin.ENV_DIR, r.origin(), w.id());
            assertEquals(shared.resolve(w.spec().fileName()), r.file());
        }
    }

    private WeightsSpec spec(URI source) {
        return new WeightsSpec("test", "sub/model.pth", CONTENT.length, SHA, List.of(source));
    }

    private Path folderWithGoodCopy() throws IOException {
        Path folder = tmp.resolve("weights");
        Files.createDirectories(folder.resolve("sub"));
        Files.write(folder.resolve("sub/model.pth"), CONTENT);
        return folder;
    }

    private Path putInCache(WeightsSpec spec) throws IOException {
        Path cached = cache().pathOf(spec);
        Files.createDirectories(cached.getParent());
        return Files.write(cached, CONTENT);
    }

    private WeightsCache cache() {
        return new WeightsCache(tmp.resolve("cache"));
    }

    private WeightsResolver resolver() {
        return new WeightsResolver(Environment.of(variables, properties), cache(),
                new WeightsDownloader(DownloadConfig.defaults(), DownloadProgress.NONE));
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }
}
