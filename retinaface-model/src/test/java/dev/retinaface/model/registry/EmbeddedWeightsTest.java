package dev.retinaface.model.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedWeightsTest {

    private static final byte[] CONTENT = LocalFileServer.payload(20_000, 3);
    private static final URI UNREACHABLE = URI.create("http://127.0.0.1:9/none");

    @TempDir
    Path tmp;

    @Test
    void theDefaultModelResolvesOfflineFromTheShippedCopy() {
        WeightsSpec spec = KnownWeights.MOBILENET0_25.spec();
        WeightsResolver resolver = new WeightsResolver(Environment.of(Map.of(), Map.of()),
                new WeightsCache(tmp.resolve("empty-cache")), new WeightsDownloader(DownloadConfig.defaults(), DownloadProgress.NONE));

        ResolvedWeights r = resolver.resolve(KnownWeights.MOBILENET0_25.id(), Optional.empty());

        assertEquals(ResolvedWeights.Origin.EMBEDDED, r.origin());
        assertEquals(spec.sha256(), Checksums.sha256(r.file()));
        assertTrue(resolver.isEmbedded(spec));
        assertFalse(Files.exists(tmp.resolve("empty-cache")), "nothing is written to the cache");
    }

    @Test
    void onlyTheDefaultModelIsShipped() {
        for (KnownWeights w : KnownWeights.values()) {
            assertEquals(w == KnownWeights.MOBILENET0_25, EmbeddedWeights.fromClasspath().holds(w.spec()), w.id());
        }
    }

    @Test
    void aWeightsFolderWinsOverTheShippedCopy() throws IOException {
        WeightsSpec spec = spec();
        Path folder = Files.createDirectories(tmp.resolve("dir/sub"));
        Files.write(folder.resolve("model.pth"), CONTENT);
        WeightsResolver resolver = new WeightsResolver(
                Environment.of(Map.of(WeightsResolver.WEIGHTS_DIR_VARIABLE, tmp.resolve("dir").toString()), Map.of()),
                new WeightsCache(tmp.resolve("cache")), new WeightsDownloader(DownloadConfig.defaults(), DownloadProgress.NONE),
                new EmbeddedWeights(loaderWith(CONTENT)));

        assertEquals(ResolvedWeights.Origin.ENV_DIR, resolver.resolve(spec, Optional.empty()).origin());
    }

    @Test
    void aShippedCopyInsideAJarIsCopiedOutOnceAndVerified() throws IOException {
        Path jar = tmp.resolve("weights.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(EmbeddedWeights.RESOURCE_FOLDER + "sub/model.pth"));
            out.write(CONTENT);
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            EmbeddedWeights embedded = new EmbeddedWeights(loader);
            Path file = embedded.file(spec()).orElseThrow();
            assertArrayEquals(CONTENT, Files.readAllBytes(file));
            assertNotEquals(jar, file);
            assertEquals(file, embedded.file(spec()).orElseThrow(), "copied once per run");
        }
    }

    @Test
    void aDamagedShippedCopyIsRefused() throws IOException {
        byte[] damaged = CONTENT.clone();
        damaged[100] ^= 1;
        EmbeddedWeights embedded = new EmbeddedWeights(loaderWith(damaged));

        WeightsException e = assertThrows(WeightsException.class, () -> embedded.file(spec()));

        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains(spec().sha256()), e.getMessage());
    }

    @Test
    void noShippedCopyFallsThroughToTheOtherRules() {
        assertEquals(Optional.empty(), EmbeddedWeights.none().file(KnownWeights.MOBILENET0_25.spec()));
        assertEquals(Optional.empty(), EmbeddedWeights.fromClasspath().file(spec()));
    }

    private ClassLoader loaderWith(byte[] content) throws IOException {
        Path root = tmp.resolve("classes-" + content.length + "-" + content[100]);
        Path file = root.resolve(EmbeddedWeights.RESOURCE_FOLDER + "sub/model.pth");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(content);
        }
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private static WeightsSpec spec() {
        return new WeightsSpec("test", "sub/model.pth", CONTENT.length, WeightsDownloaderTest.sha256(CONTENT),
                List.of(UNREACHABLE));
    }
}
