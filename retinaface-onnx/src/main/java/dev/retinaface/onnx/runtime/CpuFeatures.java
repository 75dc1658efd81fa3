package dev.retinaface.onnx.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** What this machine's CPU offers to ONNX Runtime's convolution kernels. */
public final class CpuFeatures {

    private static final int BLOCK = detectBlock();

    private CpuFeatures() {
    }

    /**
     * Channel block of ONNX Runtime's CPU convolutions on this machine (its NCHWc layout): 16 with AVX-512, 8 with
     * AVX2, 1 where it is unknown (other architectures, or no {@code /proc/cpuinfo}). Graphs whose channel counts
     * are multiples of it avoid layout reorders.
     */
    public static int convChannelBlock() {
        return BLOCK;
    }

    /** The block for an architecture name and a set of x86 feature flags (as {@code /proc/cpuinfo} spells them). */
    static int blockFor(String arch, Set<String> flags) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (!a.equals("amd64") && !a.equals("x86_64")) {
            return 1;
        }
        if (flags.contains("avx512f")) {
            return 16;
        }
        return flags.contains("avx2") && flags.contains("fma") ? 8 : 1;
    }

    private static int detectBlock() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    Set<String> flags = Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    return blockFor(System.getProperty("os.arch", ""), flags);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: no padding
        }
        return 1;
    }
}
