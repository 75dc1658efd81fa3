package dev.retinaface.model.registry;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.checkpoint.Checkpoint;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.TensorDigest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownWeightsTest {

    @Test
    void checksumsAndSizesEqualTheSharedFiles() throws IOException {
        Path sums = SharedData.resolve("weights/SHA256SUMS");
        Map<String, String> expected = new HashMap<>();
        for (String line : Files.readAllLines(sums)) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split("\\s+", 2);
                expected.put(parts[1].replaceFirst("^\\*", ""), parts[0]);
            }
        }
        assertEquals(5, expected.size(), "SHA256SUMS lines");

        for (Map.Entry<String, String> e : expected.entrySet()) {
            KnownWeights known = KnownWeights.find(e.getKey())
                    .orElseThrow(() -> new AssertionError("no KnownWeights for " + e.getKey()));
            assertEquals(e.getValue(), known.spec().sha256(), known + " SHA-256");
            Path file = sums.resolveSibling(e.getKey());
            assertEquals(Files.size(file), known.spec().sizeBytes(), known + " size");
            assertEquals(e.getValue(), Checksums.sha256(file), "SHA256SUMS agrees with " + file);
        }
    }

    @Test
    void tensorDigestsEqualTheSharedFiles() throws IOException {
        Path weights = SharedData.resolve("weights");
        for (KnownWeights w : KnownWeights.values()) {
            if (w == KnownWeights.RESNET50) {
                assertEquals(null, w.spec().tensorDigest(), "no shared file to compute it from");
                continue;
            }
            Checkpoint checkpoint = CheckpointReader.read(weights.resolve(w.spec().fileName()));
            assertEquals(TensorDigest.of(checkpoint.stateDict()), w.spec().tensorDigest(), w + " tensor digest");
        }
    }

    @Test
    void onlyResnet50IsMissingFromTheSharedFolder() {
        Set<KnownWeights> notShared = Arrays.stream(KnownWeights.values())
                .filter(w -> !Files.exists(SharedData.root().resolve("weights").resolve(w.spec().fileName())))
                .collect(Collectors.toSet());
        assertEquals(Set.of(KnownWeights.RESNET50), notShared);
        assertEquals(109_497_761L, KnownWeights.RESNET50.spec().sizeBytes());
    }

    @Test
    void everyEntryHasHttpsSourcesAndDistinctNames() {
        for (KnownWeights w : KnownWeights.values()) {
            assertFalse(w.spec().sources().isEmpty(), w + " has no source");
            for (URI uri : w.spec().sources()) {
                assertEquals("https", uri.getScheme(), w + ": " + uri);
            }
        }
        assertEquals(KnownWeights.values().length,
                Arrays.stream(KnownWeights.values()).map(KnownWeights::id).distinct().count());
        assertEquals(KnownWeights.values().length,
                Arrays.stream(KnownWeights.values()).map(w -> w.spec().fileName()).distinct().count());
    }

    @Test
    void namesResolveByIdFileNameOrConstantIgnoringCase() {
        assertEquals(Optional.of(KnownWeights.MOBILENET0_25), KnownWeights.find("mobilenet0.25"));
        assertEquals(Optional.of(KnownWeights.MOBILENET0_25), KnownWeights.find("mobilenet0.25_Final.pth"));
        assertEquals(Optional.of(KnownWeights.FD1MB_RFB), KnownWeights.find("1MB-RFB"));
        assertEquals(Optional.of(KnownWeights.FD1MB_SLIM), KnownWeights.find("face-detector-1mb/slim_Final.pth"));
        assertEquals(Optional.of(KnownWeights.RESNET50), KnownWeights.find("resnet50"));
        assertEquals(Optional.empty(), KnownWeights.find("vgg16"));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        WeightsException e = assertThrows(WeightsException.class, () -> KnownWeights.byName("vgg16"));
        assertTrue(e.getMessage().startsWith("unknown weights 'vgg16'; known: mobilenet0.25, "), e.getMessage());
        assertTrue(e.getMessage().contains("1mb-slim"), e.getMessage());
    }

    @Test
    void specRejectsBadChecksumsAndPathsLeavingTheFolder() {
        assertThrows(IllegalArgumentException.class,
                () -> new WeightsSpec("x", "x.pth", 1, "abc", java.util.List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new WeightsSpec("x", "../x.pth", 1, "00".repeat(32), java.util.List.of()));
        assertEquals("ab".repeat(32), new WeightsSpec("x", "x.pth", 1, "AB".repeat(32), java.util.List.of()).sha256());
        assertThrows(IllegalArgumentException.class,
                () -> new WeightsSpec("x", "x.pth", 1, "00".repeat(32), "12345", java.util.List.of()));
    }

    @Test
    void aTensorDigestAllowsOtherSizesUpToFourTimes() {
        WeightsSpec exact = new WeightsSpec("x", "x.pth", 1000, "00".repeat(32), java.util.List.of());
        WeightsSpec byTensors = new WeightsSpec("x", "x.pth", 1000, "00".repeat(32), "CD".repeat(32),
                java.util.List.of());
        assertEquals(1000, exact.maxAcceptedBytes());
        assertEquals(Optional.empty(), exact.tensorDigestIfKnown());
        assertEquals(4000, byTensors.maxAcceptedBytes());
        assertEquals(Optional.of("cd".repeat(32)), byTensors.tensorDigestIfKnown());
    }
}
