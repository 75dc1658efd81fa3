package dev.retinaface.model.registry;

import dev.retinaface.model.checkpoint.Checkpoint;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.TensorDigest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides whether a file is the one a {@link WeightsSpec} describes: either its bytes are the registry's copy
 * (size and SHA-256), or, when the spec has a tensor digest, it is a checkpoint that {@link CheckpointReader}
 * reads safely (no code runs) and whose {@link TensorDigest} equals the spec's: the same tensors saved differently.
 */
public final class WeightsVerifier {

    /** How a file compares with a spec. */
    public enum Match {
        /** The registry's exact bytes. */
        SAME_BYTES,
        /** Other bytes, identical tensors; {@link Verdict#message()} says so with both sums. */
        SAME_TENSORS,
        /** Not these weights; {@link Verdict#message()} says how it differs. */
        NONE
    }

    /**
     * The outcome of one check.
     *
     * @param match   how the file compares
     * @param message empty for {@link Match#SAME_BYTES}; for the user otherwise
     */
    public record Verdict(Match match, String message) {

        /** Whether the file may be used as the spec's weights. */
        public boolean accepted() {
            return match != Match.NONE;
        }

        /** The reason for a refusal, empty when accepted. */
        public Optional<String> refusal() {
            return accepted() ? Optional.empty() : Optional.of(message);
        }

        static Verdict refused(String message) {
            return new Verdict(Match.NONE, message);
        }
    }

    private WeightsVerifier() {
    }

    /**
     * Checks {@code file} against {@code spec}. The size is compared first so that a truncated file is not hashed
     * (a file may differ in size only when the spec has a tensor digest, up to {@link WeightsSpec#maxAcceptedBytes()}).
     */
    public static Verdict verify(Path file, WeightsSpec spec) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return Verdict.refused("cannot read " + file + ": " + e.getMessage());
        }
        if (spec.tensorDigest() == null && size != spec.sizeBytes()) {
            return Verdict.refused(file + " has " + size + " bytes, expected " + spec.sizeBytes()
                    + " for " + spec.fileName());
        }
        if (size > spec.maxAcceptedBytes()) {
            return Verdict.refused(file + " has " + size + " bytes, more than the " + spec.maxAcceptedBytes()
                    + " accepted for " + spec.fileName() + " (whose registry copy has " + spec.sizeBytes() + ")");
        }
        return verify(file, spec, Checksums.sha256(file), file.toString());
    }

    /**
     * Checks {@code file}, whose SHA-256 is already known to be {@code actualSha256}, against {@code spec}.
     *
     * @param subject how messages name the file, e.g. its path or "the download"
     */
    static Verdict verify(Path file, WeightsSpec spec, String actualSha256, String subject) {
        if (actualSha256.equals(spec.sha256())) {
            return new Verdict(Match.SAME_BYTES, "");
        }
        String sums = subject + " has SHA-256 " + actualSha256 + ", expected " + spec.sha256() + " for "
                + spec.fileName();
        if (spec.tensorDigest() == null) {
            return Verdict.refused(sums);
        }
        String digest;
        try {
            Checkpoint checkpoint = CheckpointReader.read(file);
            digest = TensorDigest.of(checkpoint.stateDict());
        } catch (IOException | RuntimeException e) {
            return Verdict.refused(sums + ", and it is not a readable checkpoint (" + reason(e, file) + ")");
        }
        if (!digest.equals(spec.tensorDigest())) {
            return Verdict.refused(sums + ", and the tensors differ too (tensor digest " + digest + ", expected "
                    + spec.tensorDigest() + ")");
        }
        return new Verdict(Match.SAME_TENSORS, subject + ": bytes differ from the registry's copy but the tensors"
                + " are identical (SHA-256 " + actualSha256 + ", registry's " + spec.sha256() + "; tensor digest "
                + digest + ")");
    }

    // the reader's messages start with the file's path; a temporary download name would only confuse
    private static String reason(Exception e, Path file) {
        String message = String.valueOf(e.getMessage());
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
