package dev.retinaface.train.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocatorAdviceTest {

    private static final String MADVISE = "always [madvise] never\n";
    private static final String KEEP = String.join(":", AllocatorAdvice.KEEP_MEMORY);

    @Test
    void hugePagesAreAskedForOnlyWhereTheKernelGivesThemOnRequest() {
        assertEquals(List.of(AllocatorAdvice.HUGE_PAGES), AllocatorAdvice.missingTunables(MADVISE, KEEP));
        assertEquals(List.of(AllocatorAdvice.HUGE_PAGES),
                AllocatorAdvice.missingTunables(MADVISE, "glibc.malloc.hugetlb=0:" + KEEP));
        assertEquals(List.of(), AllocatorAdvice.missingTunables(MADVISE, "glibc.malloc.hugetlb=2:" + KEEP));
        assertEquals(List.of(), AllocatorAdvice.missingTunables("[always] madvise never\n", KEEP));
        assertEquals(List.of(), AllocatorAdvice.missingTunables("always madvise [never]\n", KEEP));
        assertEquals(List.of(), AllocatorAdvice.missingTunables(null, KEEP));
    }

    @Test
    void everyMemoryKeepingTunableIsAskedForUnlessSetToAnyValue() {
        assertEquals(AllocatorAdvice.KEEP_MEMORY, AllocatorAdvice.missingTunables(null, null));
        assertEquals(List.of("glibc.malloc.trim_threshold=4294967296", "glibc.malloc.mmap_threshold=33554432"),
                AllocatorAdvice.missingTunables(null, "glibc.malloc.arena_max=2"));
        assertEquals(List.of(), AllocatorAdvice.missingTunables(MADVISE, AllocatorAdvice.TUNABLES));
    }

    @Test
    void theAdviceNamesOnlyWhatIsMissing() {
        String advice = AllocatorAdvice.adviceFor(MADVISE, "glibc.malloc.arena_max=1").orElseThrow();
        assertTrue(advice.contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.trim_threshold="), advice);
        assertFalse(advice.contains("arena_max"), advice);
        assertFalse(AllocatorAdvice.adviceFor(MADVISE, AllocatorAdvice.TUNABLES).isPresent());
    }

    @Test
    void theTestBuildStartsTheJvmWithTheTunables() {
        // the surefire configuration passes GLIBC_TUNABLES, so training tests run as the launcher runs training
        assertEquals(AllocatorAdvice.TUNABLES, System.getenv("GLIBC_TUNABLES"));
    }
}
