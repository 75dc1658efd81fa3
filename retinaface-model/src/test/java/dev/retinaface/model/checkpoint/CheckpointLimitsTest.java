package dev.retinaface.model.checkpoint;

import dev.retinaface.core.testsupport.AllocationBound;
import dev.retinaface.model.nets.MobileNetV1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's checkpoint bombs: each is refused with a typed exception before its memory is taken. The bound is
 * enforced with {@link AllocationBound}: the bytes the test thread allocates while reading are measured and must
 * stay under 64 MiB (the bombs once asked for 3 to 48 GB).
 */
class CheckpointLimitsTest {

    private static final long BOUND = 64L << 20;

    @TempDir
    Path tmp;

    @Test
    void tensorBombIsRefusedBeforeMaterialising() throws Exception {
        Path bomb = HostileCheckpoints.tensorBomb(tmp.resolve("bomb.pth"));
        assertTrue(Files.size(bomb) < 4096, "the bomb is small: " + Files.size(bomb));

        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> { throw AllocationBound.within(BOUND, () -> CheckpointReader.read(bomb)); });

        assertEquals(bomb + ": tensor 'bomb.0' has 1500000000 values over a storage of 1 elements "
                + "(overlapping strides [0]); refused", e.getMessage());
    }

    @Test
    void zipEntryDeclaringThreeGibibytesIsRefusedBeforeReading() throws Exception {
        Path file = HostileCheckpoints.deflatedZip(tmp.resolve("zipbomb.pth"), 1024);
        HostileCheckpoints.declareSize(file, "archive/data/0", 3L << 30);

        CheckpointLimitException e = assertThrows(CheckpointLimitException.class,
                () -> { throw AllocationBound.within(BOUND, () -> CheckpointReader.read(file)); });

        assertEquals(file + ": zip entry archive/data/0 expands to 3072.0 MiB, above the limit of 1024.0 MiB",
                e.getMessage());
    }

    @Test
    void zipEntryInflatingPastItsDeclaredSizeIsRefused() throws Exception {
        Path file = HostileCheckpoints.deflatedZip(tmp.resolve("liar.pth"), 1 << 20); // 4 MiB of zeros
        HostileCheckpoints.declareSize(file, "archive/data/0", 4096);

        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> { throw AllocationBound.within(BOUND, () -> CheckpointReader.read(file)); });

        assertEquals(file + ": zip entry archive/data/0 holds more than its declared 4096 bytes", e.getMessage());
    }

    @Test
    void realZipBombIsRefusedByTheLimitBeforeInflating() throws Exception {
        Path file = HostileCheckpoints.deflatedZip(tmp.resolve("zeros.pth"), 4 << 20); // 16 MiB of zeros, ~16 kB
        assertTrue(Files.size(file) < 100_000, "compressed: " + Files.size(file));

        CheckpointLimitException e = assertThrows(CheckpointLimitException.class,
                () -> CheckpointReader.read(file, new CheckpointLimits(8L << 20, 1L << 20)));

        assertEquals(file + ": zip entry archive/data/0 expands to 16.0 MiB, above the limit of 8.0 MiB",
                e.getMessage());
    }

    @Test
    void limitsForAnArchitectureAdmitItsCheckpoint() throws Exception {
        Path file = HostileCheckpoints.deflatedZip(tmp.resolve("ok.pth"), 1 << 20);

        assertEquals(1 << 20, CheckpointReader.read(file, CheckpointLimits.forParameters(1 << 20))
                .tensor("conv.weight").size());
        CheckpointLimitException e = assertThrows(CheckpointLimitException.class,
                () -> CheckpointReader.read(file, new CheckpointLimits(2L << 20, 4L << 20)));
        assertEquals(file + ": zip entry archive/data/0 expands to 4.0 MiB, above the limit of 2.0 MiB", e.getMessage());
    }

    /** Issue 13: a total cap tied to the architecture. 64 MiB of real (deflated) floats, under the 1 GiB default. */
    @Test
    void architectureLimitRefusesAZipHoldingFarMoreThanTheNetwork() throws Exception {
        Path file = HostileCheckpoints.deflatedZip(tmp.resolve("big.pth"), 16 << 20);
        assertTrue(Files.size(file) < 200_000, "compressed: " + Files.size(file));
        CheckpointLimits limits = CheckpointLimits.forNetwork(MobileNetV1.retinaFace());

        CheckpointLimitException e = assertThrows(CheckpointLimitException.class,
                () -> { throw AllocationBound.within(BOUND, () -> CheckpointReader.read(file, limits)); });

        assertEquals(file + ": zip entry archive/data/0 expands to 64.0 MiB, above the limit of 22.5 MiB for network "
                + "mobilenet0.25 (426608 parameters)", e.getMessage());
    }

    @Test
    void architectureLimitRefusesALegacyFileFarLargerThanTheNetwork() throws Exception {
        Path file = HostileCheckpoints.validLegacy(tmp.resolve("big-legacy.pth"));
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(64L << 20); // sparse: never written nor read
        }
        CheckpointLimits limits = CheckpointLimits.forNetwork(MobileNetV1.retinaFace());

        CheckpointLimitException e = assertThrows(CheckpointLimitException.class,
                () -> { throw AllocationBound.within(BOUND, () -> CheckpointReader.read(file, limits)); });

        assertEquals(file + ": legacy checkpoint of 64.0 MiB is larger than the limit of 30.5 MiB for network "
                + "mobilenet0.25 (426608 parameters)", e.getMessage());
    }

    @Test
    void architectureLimitLeavesRoomForWeightsStatisticsAndMomentum() {
        for (var network : java.util.List.of(MobileNetV1.retinaFace(), dev.retinaface.model.nets.ResNet50.retinaFace(),
                dev.retinaface.model.nets.Slim.retinaFace())) {
            CheckpointLimits limits = CheckpointLimits.forNetwork(network);
            assertTrue(limits.maxBytes() >= 12 * network.parameterCount(), network.name() + ": " + limits);
            assertTrue(limits.maxBytes() <= CheckpointLimits.DEFAULT_MAX_BYTES, network.name() + ": " + limits);
        }
    }

    @Test
    void validLegacyFileReads() throws Exception {
        Path file = HostileCheckpoints.validLegacy(tmp.resolve("legacy.pth"));

        Checkpoint c = CheckpointReader.read(file);

        assertEquals(Checkpoint.Format.LEGACY, c.format());
        assertArrayEquals(new float[] {1, 2, 3, 4}, c.tensor("conv.weight").data());
    }

    @Test
    void legacyStorageWithHugeElementCountIsTruncatedNotOverflowed() throws Exception {
        Path file = HostileCheckpoints.validLegacy(tmp.resolve("legacy.pth"));
        byte[] bytes = Files.readAllBytes(file);
        // the storage's 8-byte element count sits 16 bytes before the end (4 floats follow it)
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 24, 1L << 62);
        Files.write(file, bytes);

        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> CheckpointReader.read(file));

        assertEquals(file + ": truncated: storage '0' declares 4611686018427387904 elements of 4 bytes, 16 bytes left",
                e.getMessage());
    }

    @Test
    void folderIsNamedAsSuch() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(tmp));
        assertEquals(tmp + ": is a folder, not a checkpoint file", e.getMessage());
    }

    /** Found by fuzzing: a zip cut before its central directory made ZipFile throw a bare EOFException. */
    @Test
    void zipCutBeforeItsDirectoryIsAFormatError() throws Exception {
        Path file = HostileCheckpoints.deflatedZip(tmp.resolve("cut.pth"), 64);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 40));

        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> CheckpointReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": truncated or corrupt zip archive"), e.getMessage());
    }
}
