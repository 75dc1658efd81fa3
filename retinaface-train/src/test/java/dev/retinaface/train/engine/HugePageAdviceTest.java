package dev.retinaface.train.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HugePageAdviceTest {

    @Test
    void advisesOnlyWhenHugePagesMustBeRequestedAndAreNot() {
        assertTrue(HugePageAdvice.adviceFor("always [madvise] never\n", null).isPresent());
        assertTrue(HugePageAdvice.adviceFor("always [madvise] never\n", "glibc.malloc.hugetlb=0").isPresent());
        assertTrue(HugePageAdvice.adviceFor("always [madvise] never\n", "glibc.malloc.trim_threshold=1").isPresent());
        assertFalse(HugePageAdvice.adviceFor("always [madvise] never\n", "glibc.malloc.hugetlb=1").isPresent());
        assertFalse(HugePageAdvice.adviceFor("always [madvise] never\n",
                "glibc.malloc.trim_threshold=1:glibc.malloc.hugetlb=2").isPresent());
        assertFalse(HugePageAdvice.adviceFor("[always] madvise never\n", null).isPresent());
        assertFalse(HugePageAdvice.adviceFor("always madvise [never]\n", null).isPresent());
        assertFalse(HugePageAdvice.adviceFor(null, null).isPresent());
    }

    @Test
    void theTestBuildStartsTheJvmWithTheTunable() {
        // the surefire configuration passes GLIBC_TUNABLES, so training tests run as the launcher runs training
        assertTrue(String.valueOf(System.getenv("GLIBC_TUNABLES")).contains(HugePageAdvice.TUNABLE));
    }
}
