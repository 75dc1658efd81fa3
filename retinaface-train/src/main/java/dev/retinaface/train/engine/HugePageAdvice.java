package dev.retinaface.train.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process's native allocator can back libtorch's large training tensors with transparent huge pages.
 *
 * <p>Why it matters: a training step at 640 px allocates and frees activations and gradients of tens of megabytes.
 * glibc serves each from a fresh {@code mmap}, and every 4 KiB page of it is faulted in again on every step; on the
 * 2-core machine this made a step 3-4 times slower (0.85 s against 3.3 s per batch of 8, docs/training.md). When
 * the kernel's transparent huge pages are in {@code madvise} mode, glibc (2.35 and later) asks for them only when
 * started with {@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1}. The tunable is read once, at process start, so the
 * {@code retinaface} launcher and the test build set it; a JVM started otherwise gets the advice below.
 */
public final class HugePageAdvice {

    /** The glibc tunable that makes malloc advise huge pages for its memory. */
    public static final String TUNABLE = "glibc.malloc.hugetlb=1";

    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private HugePageAdvice() {
    }

    /** The advice for this process, if it runs without huge pages where they are to be had. */
    public static Optional<String> forThisProcess() {
        String mode;
        try {
            mode = Files.isReadable(THP_MODE) ? Files.readString(THP_MODE) : null;
        } catch (IOException e) {
            mode = null;
        }
        return adviceFor(mode, System.getenv("GLIBC_TUNABLES"));
    }

    /**
     * The advice for a kernel huge-page mode and a {@code GLIBC_TUNABLES} value.
     *
     * @param thpMode       contents of {@code /sys/kernel/mm/transparent_hugepage/enabled} (the chosen mode in
     *                      brackets), or null where there is no such file (not Linux)
     * @param glibcTunables the environment variable, or null
     */
    static Optional<String> adviceFor(String thpMode, String glibcTunables) {
        boolean onRequestOnly = thpMode != null && thpMode.contains("[madvise]");
        boolean requested = glibcTunables != null && glibcTunables.contains("glibc.malloc.hugetlb=")
                && !glibcTunables.contains("glibc.malloc.hugetlb=0");
        if (!onRequestOnly || requested) {
            return Optional.empty();
        }
        return Optional.of("training steps may run several times slower: the kernel gives huge pages only on request;"
                + " start the JVM with GLIBC_TUNABLES=" + TUNABLE + " (the retinaface launcher does)");
    }
}
