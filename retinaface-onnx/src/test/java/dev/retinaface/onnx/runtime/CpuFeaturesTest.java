package dev.retinaface.onnx.runtime;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuFeaturesTest {

    @Test
    void blockFollowsTheVectorWidth() {
        assertEquals(16, CpuFeatures.blockFor("amd64", Set.of("avx2", "fma", "avx512f")));
        assertEquals(8, CpuFeatures.blockFor("x86_64", Set.of("avx2", "fma")));
        assertEquals(1, CpuFeatures.blockFor("amd64", Set.of("sse4_2")));
        assertEquals(1, CpuFeatures.blockFor("aarch64", Set.of("avx512f")));
        assertTrue(Set.of(1, 8, 16).contains(CpuFeatures.convChannelBlock()));
    }
}
