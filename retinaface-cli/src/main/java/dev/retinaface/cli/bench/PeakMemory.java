package dev.retinaface.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Peak resident memory ({@code VmHWM} of {@code /proc/self/status}, Linux only). The benchmark starts the CLI as a
 * child with {@value #REPORT_VARIABLE}{@code =1}; the child's {@code Main} then prints one {@link #LINE_PREFIX} line
 * on standard error at exit, which the parent reads back.
 */
public final class PeakMemory {

    /** Environment variable that makes the CLI print its peak memory at exit. */
    public static final String REPORT_VARIABLE = "RETINAFACE_REPORT_PEAK_MEMORY";
    /** Start of the line printed at exit, followed by kibibytes. */
    public static final String LINE_PREFIX = "retinaface: peak memory (VmHWM) kB: ";

    private PeakMemory() {
    }

    /** Peak resident set size of this process in KiB, empty where {@code /proc} is missing. */
    public static OptionalLong ofThisProcess() {
        try {
            return parseStatus(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code VmHWM} value (KiB) of {@code /proc/PID/status} lines. */
    static OptionalLong parseStatus(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("VmHWM:")) {
                String digits = line.substring(6).replace("kB", "").trim();
                return OptionalLong.of(Long.parseLong(digits));
            }
        }
        return OptionalLong.empty();
    }

    /** Prints the report line on standard error when {@value #REPORT_VARIABLE} is {@code 1}. */
    public static void reportIfRequested() {
        if ("1".equals(System.getenv(REPORT_VARIABLE))) {
            ofThisProcess().ifPresent(kib -> System.err.println(LINE_PREFIX + kib));
        }
    }

    /** The KiB value of a report line among a child's standard error lines. */
    static Optional<Long> parseReport(List<String> stderrLines) {
        for (String line : stderrLines) {
            if (line.startsWith(LINE_PREFIX)) {
                return Optional.of(Long.parseLong(line.substring(LINE_PREFIX.length()).trim()));
            }
        }
        return Optional.empty();
    }
}
