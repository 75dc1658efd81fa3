package dev.retinaface.train.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this process's native allocator (glibc malloc) is set up for libtorch's training tensors.
 *
 * <p>Why it matters: a training step at 640 px allocates and frees activations and gradients of tens of megabytes.
 * With glibc's defaults in a JVM, most of that memory went back to the kernel after each step and every 4 KiB page
 * was faulted in again on the next: about ten times the page faults of the same step in Python, and a step twice
 * the reference's (docs/training.md). Four settings remove the difference:
 * <ul>
 *   <li>{@code hugetlb=1}: where the kernel's transparent huge pages are in {@code madvise} mode, glibc (2.35+) asks
 *       for them only with this tunable, so the memory that is faulted in comes 2 MiB at a time;</li>
 *   <li>{@code arena_max=1}: libtorch is called from a Java thread, not the process's first thread, so glibc served
 *       it from a secondary arena, whose 64 MiB heaps are shrunk (pages returned) as soon as their top is free;
 *       Python calls from the first thread, whose arena keeps its memory;</li>
 *   <li>{@code trim_threshold} 4 GiB and {@code mmap_threshold} 32 MiB (glibc's own ceiling for it): freed memory is
 *       kept for the next step instead of being trimmed; only blocks above 32 MiB get a fresh mapping, as in
 *       Python once glibc's adaptive threshold has grown.</li>
 * </ul>
 * Tunables are read once, at process start, so the {@code retinaface} launcher and the test build set them; a JVM
 * started otherwise gets the advice below.
 */
public final class AllocatorAdvice {

    /** The tunable that makes malloc advise huge pages for its memory; it matters only in {@code madvise} mode. */
    static final String HUGE_PAGES = "glibc.malloc.hugetlb=1";

    /** The tunables that keep freed memory in the one arena for the next step. */
    static final List<String> KEEP_MEMORY = List.of("glibc.malloc.arena_max=1",
            "glibc.malloc.trim_threshold=4294967296", "glibc.malloc.mmap_threshold=33554432");

    /** Every recommended tunable, joined as the {@code GLIBC_TUNABLES} variable takes them. */
    public static final String TUNABLES = HUGE_PAGES + ":" + String.join(":", KEEP_MEMORY);

    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private AllocatorAdvice() {
    }

    /** The advice for this process, if it runs without the recommended allocator settings. */
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
        List<String> missing = missingTunables(thpMode, glibcTunables);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("training steps may run about twice slower: glibc's allocator returns freed memory to the"
                + " kernel after every step; start the JVM with GLIBC_TUNABLES=" + String.join(":", missing)
                + " (the retinaface launcher does)");
    }

    /** The recommended tunables that a {@code GLIBC_TUNABLES} value does not set (to any value). */
    static List<String> missingTunables(String thpMode, String glibcTunables) {
        String set = glibcTunables == null ? "" : glibcTunables;
        List<String> missing = new ArrayList<>();
        boolean hugePagesOnRequest = thpMode != null && thpMode.contains("[madvise]");
        if (hugePagesOnRequest && (!set.contains("glibc.malloc.hugetlb=") || set.contains("glibc.malloc.hugetlb=0"))) {
            missing.add(HUGE_PAGES);
        }
        for (String tunable : KEEP_MEMORY) {
            if (!set.contains(tunable.substring(0, tunable.indexOf('=') + 1))) {
                missing.add(tunable);
            }
        }
        return missing;
    }
}
