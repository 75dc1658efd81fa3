package dev.retinaface.model.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads PyTorch {@code .pth} checkpoints without running any of their code: only the globals that rebuild
 * tensors and ordered dicts are accepted (see {@link AllowedGlobals}); anything else is refused with a
 * {@link CheckpointException} before it is constructed.
 *
 * <p>Both container formats are read: the legacy one (pickles followed by raw storages) and the zip archive of
 * PyTorch 1.6 and later. Tensors of any supported element type (float, double, half, bfloat16, long, int) come
 * back as dense float tensors; integer tensors such as batch-norm {@code num_batches_tracked} are kept, as floats.
 * The whole file is read into memory (fine for detector checkpoints of a few MB).
 */
public final class CheckpointReader {

    private CheckpointReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws CheckpointException when the file is empty, truncated, not a checkpoint, uses an unsupported storage
     *                             type, or names a Python global outside the allow-list
     */
    public static Checkpoint read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file", e);
        }
        if (bytes.length == 0) {
            throw new CheckpointException(file, "empty file, not a checkpoint");
        }
        if (isZip(bytes)) {
            return ZipFormat.read(file);
        }
        if ((bytes[0] & 0xff) == 0x80) { // PROTO opcode: a pickle
            return LegacyFormat.read(file, bytes);
        }
        if (bytes.length > 262 && new String(bytes, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            throw new CheckpointException(file, "tar checkpoints of PyTorch before 0.4 are not supported");
        }
        throw new CheckpointException(file, "not a PyTorch checkpoint (neither a zip archive nor a pickle; "
                + "first bytes " + hex(bytes) + ")");
    }

    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            s.append(String.format("%02x", b[i] & 0xff));
        }
        return s.toString();
    }
}
