package dev.retinaface.model.checkpoint;

import dev.retinaface.core.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every unreadable file gets a CheckpointException whose message starts with the file and says why. */
class CheckpointErrorTest {

    @TempDir
    Path tmp;

    private static void assertFails(Path file, String reason) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        assertFails(Files.write(tmp.resolve("empty.pth"), new byte[0]), "empty file, not a checkpoint");
    }

    @Test
    void missingFile() {
        assertFails(tmp.resolve("absent.pth"), "no such file");
    }

    @Test
    void legacyFileCutInHalfLosesStorages() throws Exception {
        byte[] real = Files.readAllBytes(SharedData.resolve("weights/mobilenet0.25_Final.pth"));
        Path half = Files.write(tmp.resolve("half.pth"), Arrays.copyOf(real, real.length / 2));
        assertFails(half, "truncated: storage '");
    }

    @Test
    void legacyFileCutInsideThePickle() throws Exception {
        byte[] real = Files.readAllBytes(SharedData.resolve("weights/mobilenet0.25_Final.pth"));
        Path cut = Files.write(tmp.resolve("cut.pth"), Arrays.copyOf(real, 2000));
        assertFails(cut, "truncated or corrupt: cannot read the saved object (a pickled value of 27 bytes but only 18");
    }

    @Test
    void zipFileCutInHalf() throws Exception {
        Path whole = tmp.resolve("whole.pth");
        CheckpointWriter.write(whole, Map.of("w", new Tensor(new long[] {1000}, new float[1000])));
        byte[] bytes = Files.readAllBytes(whole);
        assertFails(Files.write(tmp.resolve("half.pth"), Arrays.copyOf(bytes, bytes.length / 2)),
                "truncated or corrupt zip archive");
    }

    @Test
    void hugeLengthPrefixIsRefusedBeforeAllocating() throws Exception {
        // BINUNICODE claiming 2 GiB - 1 bytes, followed by nothing
        byte[] pickle = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, '.'};
        assertFails(CraftedFiles.legacy(tmp.resolve("huge.pth"), pickle),
                "truncated or corrupt: cannot read the saved object (a pickled value of 2147483647 bytes but only ");
    }

    @Test
    void textFile() throws Exception {
        assertFails(Files.writeString(tmp.resolve("notes.pth"), "just some text\n"),
                "not a PyTorch checkpoint (neither a zip archive nor a pickle; first bytes 6a75737420736f6d)");
    }

    @Test
    void plainPickleWithoutTorchMagic() throws Exception {
        PickleWriter p = new PickleWriter();
        p.emptyDict();
        assertFails(Files.write(tmp.resolve("dict.pkl"), p.finish()), "pickle without torch's magic number");
    }

    @Test
    void zipWithoutDataPkl() throws Exception {
        assertFails(CraftedFiles.zip(tmp.resolve("other.zip"), null, "readme.txt", "hello"), "without data.pkl");
    }

    @Test
    void unsupportedStorageType() throws Exception {
        PickleWriter p = new PickleWriter();
        p.emptyDict();
        p.mark();
        p.string("mask");
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.mark();
        p.mark();
        p.string("storage");
        p.global("torch", "ByteStorage");
        p.string("0");
        p.string("cpu");
        p.integer(4);
        p.tuple();
        p.persistentId();
        p.integer(0);
        p.mark();
        p.integer(4);
        p.tuple();
        p.mark();
        p.integer(1);
        p.tuple();
        p.bool(false);
        p.none();
        p.tuple();
        p.reduce();
        p.setItems();
        Path file = CraftedFiles.zip(tmp.resolve("bytes.pth"), p.finish(), "data/0", "\1\2\3\4");
        assertFails(file, "unsupported storage type torch.ByteStorage");
    }

    @Test
    void viewReachingBeyondItsStorage() throws Exception {
        Path file = tmp.resolve("beyond.pth");
        CheckpointWriter.writeObject(file, Map.of("w",
                new StridedTensor(new float[6], StorageType.FLOAT, 2, new long[] {2, 3}, new long[] {3, 1})));
        assertFails(file, "tensor 'w' (offset 2, size [2, 3], stride [3, 1]) reaches beyond its storage of 6 elements");
    }

    @Test
    void checkpointWithoutStateDict() throws Exception {
        PickleWriter p = new PickleWriter();
        p.emptyDict();
        p.mark();
        p.string("epoch");
        p.integer(3);
        p.setItems();
        assertFails(CraftedFiles.legacy(tmp.resolve("nodict.pth"), p.finish()),
                "no state dict (a dict of names to tensors) found; top-level keys: [epoch]");
    }

    @Test
    void zipStorageRecordMissing() throws Exception {
        Path whole = tmp.resolve("ok.pth");
        CheckpointWriter.write(whole, Map.of("w", new Tensor(new long[] {2}, new float[] {1, 2})));
        byte[] pkl;
        try (var zip = new java.util.zip.ZipFile(whole.toFile())) {
            pkl = zip.getInputStream(zip.getEntry("archive/data.pkl")).readAllBytes();
        }
        Path file = CraftedFiles.zip(tmp.resolve("nostorage.pth"), pkl,
                "byteorder", new String("little".getBytes(StandardCharsets.US_ASCII), StandardCharsets.ISO_8859_1));
        assertFails(file, "tensor 'w' uses storage archive/data/0 which the archive does not hold");
    }
}
