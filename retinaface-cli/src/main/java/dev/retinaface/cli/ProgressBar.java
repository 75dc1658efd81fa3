package dev.retinaface.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error with rate and ETA. When stderr is not a terminal it prints a
 * plain line at every tenth of the work instead, so logs stay readable.
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long done;
    private int lastDecile = -1;
    private long lastDrawNanos;

    ProgressBar(String label, long total, boolean enabled) {
        this.out = System.err;
        this.label = label;
        this.total = Math.max(total, 0);
        this.terminal = enabled && System.console() != null;
        if (!enabled) {
            lastDecile = Integer.MAX_VALUE;
        }
    }

    /** Records {@code n} more finished items. Thread-safe. */
    synchronized void step(long n) {
        done += n;
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDrawNanos > 100_000_000L || done >= total) {
                lastDrawNanos = now;
                out.print("\r" + line());
                out.flush();
            }
        } else if (total > 0) {
            int decile = (int) (done * 10 / total);
            if (decile > lastDecile && lastDecile != Integer.MAX_VALUE) {
                lastDecile = decile;
                out.println(line());
            }
        }
    }

    private String line() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = rate > 0 ? formatDuration((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %3.0f%% %.1f/s ETA %s", label,
                "#".repeat(filled), " ".repeat(WIDTH - filled), done, total, fraction * 100, rate, eta);
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public synchronized void close() {
        if (terminal) {
            out.print("\r" + line() + "\n");
            out.flush();
        }
    }
}
