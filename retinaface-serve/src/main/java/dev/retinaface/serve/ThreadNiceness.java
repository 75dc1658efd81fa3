package dev.retinaface.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the CPU priority of the calling thread (Linux: {@code renice} on the thread's kernel id, which the kernel
 * treats per thread). Java's own thread priorities have no effect on Linux without root and a JVM flag.
 */
public final class ThreadNiceness {

    private ThreadNiceness() {
    }

    /**
     * Sets the calling thread's niceness (0..19; higher runs only when the CPU is otherwise idle-ish).
     *
     * @return true when it was set; false off Linux or without {@code renice}, the thread then keeps its priority
     */
    public static boolean lowerCurrentThread(int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness must be 0..19");
        }
        if (niceness == 0) {
            return true;
        }
        String tid = ownThreadId();
        if (tid == null) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(niceness), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.SECONDS)) {
                return p.exitValue() == 0;
            }
            p.destroy();
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The calling thread's niceness from {@code /proc/thread-self/stat}, or -1 where it cannot be read. */
    public static int currentNiceness() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"), StandardCharsets.US_ASCII);
            // fields after the command name in parentheses; nice is field 19 (1-based), 17th after ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[16]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The kernel id of the calling thread, from {@code /proc/thread-self/stat}; null off Linux. */
    static String ownThreadId() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"), StandardCharsets.US_ASCII);
            String tid = stat.substring(0, stat.indexOf(' '));
            return !tid.isEmpty() && tid.chars().allMatch(Character::isDigit) ? tid : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
