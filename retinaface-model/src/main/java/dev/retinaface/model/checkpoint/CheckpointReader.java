package dev.retinaface.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads PyTorch {@code .pth} checkpoints without running any of their code: only the globals that rebuild
 * tensors and ordered dicts are accepted (see {@link AllowedGlobals}); anything else is refused with a
 * {@link CheckpointFormatException} before it is constructed.
 *
 * <p>Both container formats are read: the legacy one (pickles followed by raw storages) and the zip archive of
 * PyTorch 1.6 and later. Tensors of any supported element type (float, double, half, bfloat16, long, int) come
 * back as dense float tensors; integer tensors such as batch-norm {@code num_batches_tracked} are kept, as floats.
 *
 * <p>Memory is bounded by {@link CheckpointLimits}: the file size (legacy files are read whole), every zip entry
 * (against its declared size and the limit), and every tensor (its extent within its storage, no overlapping
 * views, a running total) are checked before anything is allocated; a file past a limit fails with a
 * {@link CheckpointLimitException}.
 */
public final class CheckpointReader {

    private static final int SNIFF_BYTES = 512;

    private CheckpointReader() {
    }

    /** Reads {@code file} under {@link CheckpointLimits#DEFAULT}. */
    public static Checkpoint read(Path file) throws IOException {
        return read(file, CheckpointLimits.DEFAULT);
    }

    /**
     * Reads {@code file}.
     *
     * @throws CheckpointFormatException when the file is empty, truncated, not a checkpoint, uses an unsupported
     *                                   storage type, or names a Python global outside the allow-list
     * @throws CheckpointLimitException  when reading it would allocate more than {@code limits} allow
     * @throws CheckpointException       when the file is missing or cannot be read
     */
    public static Checkpoint read(Path file, CheckpointLimits limits) throws IOException {
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes(SNIFF_BYTES);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new CheckpointException(file, "cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new CheckpointException(file, Files.isDirectory(file) ? "is a folder, not a checkpoint file"
                    : "cannot be read (" + e.getMessage() + ")", e);
        }
        if (head.length == 0) {
            throw new CheckpointFormatException(file, "empty file, not a checkpoint");
        }
        if (isZip(head)) {
            return ZipFormat.read(file, limits);
        }
        if ((head[0] & 0xff) == 0x80) { // PROTO opcode: a pickle
            long max = limits.maxBytes() + limits.maxPickleBytes();
            if (size > max) {
                throw new CheckpointLimitException(file, "legacy checkpoint of " + CheckpointLimits.mib(size)
                        + " is larger than " + limits.limitOf(max));
            }
            MemoryBudget budget = new MemoryBudget(file, limits);
            budget.store(size, "the legacy file");
            return LegacyFormat.read(file, Files.readAllBytes(file), budget);
        }
        if (head.length > 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            throw new CheckpointFormatException(file, "tar checkpoints of PyTorch before 0.4 are not supported");
        }
        throw new CheckpointFormatException(file, "not a PyTorch checkpoint (neither a zip archive nor a pickle; "
                + "first bytes " + hex(head) + ")");
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
