package dev.retinaface.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cold start of the CLI: {@code java -cp <this classpath> dev.retinaface.cli.Main detect ...} on one image as a
 * child process, timed from start to exit (JVM start, weights, graph build, session, decode, detection, output),
 * with the child's peak memory read back through {@link PeakMemory}.
 */
public final class ColdStart {

    /**
     * Result of the child runs.
     *
     * @param wall        wall time per run
     * @param peakKib     the child's VmHWM per run (empty when it did not report)
     * @param commandLine the child's command line, for the report
     */
    public record Result(Stats wall, List<Long> peakKib, String commandLine) {

        /** Median of the reported peaks in KiB, or -1 when none reported. */
        public long medianPeakKib() {
            if (peakKib.isEmpty()) {
                return -1;
            }
            long[] sorted = peakKib.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted[sorted.length / 2];
        }
    }

    private final List<String> detectArguments;

    /** @param detectArguments arguments after {@code detect}, e.g. {@code --weights W --no-annotate -q photo.jpg} */
    public ColdStart(List<String> detectArguments) {
        this.detectArguments = List.copyOf(detectArguments);
    }

    /** The child's command line. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.retinaface.cli.Main");
        cmd.add("detect");
        cmd.addAll(detectArguments);
        return cmd;
    }

    /**
     * Runs the child {@code runs} times.
     *
     * @throws IOException when the child cannot start or fails (its standard error is in the message)
     */
    public Result run(int runs, Path workDir) throws IOException, InterruptedException {
        long[] nanos = new long[runs];
        List<Long> peaks = new ArrayList<>();
        Path err = workDir.resolve("cold-start.err");
        for (int i = 0; i < runs; i++) {
            ProcessBuilder builder = new ProcessBuilder(command())
                    .directory(workDir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile());
            builder.environment().put(PeakMemory.REPORT_VARIABLE, "1");
            long t0 = System.nanoTime();
            Process child = builder.start();
            int code = child.waitFor();
            nanos[i] = System.nanoTime() - t0;
            List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
            if (code != 0) {
                throw new IOException("cold-start child exited with " + code + ": " + String.join("\n", errLines));
            }
            PeakMemory.parseReport(errLines).ifPresent(peaks::add);
        }
        return new Result(Stats.ofNanos(nanos), peaks, shorten(command()).replace(workDir.toString(), "<tmp>"));
    }

    private static String javaBinary() {
        Optional<String> self = ProcessHandle.current().info().command();
        return self.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The command line with the (long) classpath abbreviated. */
    private static String shorten(List<String> cmd) {
        String[] parts = cmd.toArray(String[]::new);
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("-cp")) {
                parts[i + 1] = "<same classpath>";
            }
        }
        return String.join(" ", Arrays.asList(parts));
    }
}
