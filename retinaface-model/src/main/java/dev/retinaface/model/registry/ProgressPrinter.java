package dev.retinaface.model.registry;

import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints download progress: on a terminal a bar redrawn in place (percentage, megabytes, speed); otherwise (a log
 * file, CI) one line per 10 %.
 */
public final class ProgressPrinter implements DownloadProgress {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoTime;

    private String fileName;
    private long total;
    private long startNanos;
    private long lastDrawNanos;
    private int nextStepPercent;
    private boolean drawing;

    /**
     * @param out         where to print (normally {@code System.err})
     * @param interactive draw a bar in place rather than print lines
     * @param nanoTime    clock for the speed, {@code System::nanoTime} outside tests
     */
    public ProgressPrinter(PrintStream out, boolean interactive, LongSupplier nanoTime) {
        this.out = out;
        this.interactive = interactive;
        this.nanoTime = nanoTime;
    }

    /**
     * Progress on {@code System.err}, as a bar when the program runs in a terminal. Java cannot ask whether stderr
     * alone is a terminal; a console plus a {@code TERM} other than {@code dumb} is the best available guess.
     */
    public static ProgressPrinter onStandardError() {
        String term = System.getenv("TERM");
        boolean terminal = System.console() != null && term != null && !term.equals("dumb");
        return new ProgressPrinter(System.err, terminal, System::nanoTime);
    }

    @Override
    public void started(String fileName, URI source, long totalBytes) {
        this.fileName = fileName;
        this.total = totalBytes;
        this.startNanos = nanoTime.getAsLong();
        this.lastDrawNanos = startNanos - REDRAW_NANOS; // the first update draws at once
        this.nextStepPercent = 10;
        this.drawing = false;
        out.println("Downloading " + fileName + " (" + megabytes(totalBytes) + " MB) from " + source);
    }

    @Override
    public void advanced(long bytesDone) {
        int percent = percent(bytesDone);
        if (interactive) {
            long now = nanoTime.getAsLong();
            if (now - lastDrawNanos >= REDRAW_NANOS || bytesDone >= total) {
                lastDrawNanos = now;
                drawBar(bytesDone, percent, now);
            }
        } else {
            while (percent >= nextStepPercent && nextStepPercent <= 100) {
                out.println(String.format(Locale.ROOT, "  %s: %3d%% (%s of %s MB, %s)", fileName, nextStepPercent,
                        megabytes(bytesDone), megabytes(total), speed(bytesDone, nanoTime.getAsLong())));
                nextStepPercent += 10;
            }
        }
    }

    @Override
    public void finished() {
        endBar();
        out.println("  " + fileName + ": done, SHA-256 verified");
    }

    @Override
    public void finishedWithSameTensors(String detail) {
        endBar();
        out.println("  " + fileName + ": done; " + detail);
    }

    @Override
    public void note(String fileName, String message) {
        endBar();
        out.println("  " + fileName + ": " + message);
    }

    @Override
    public void failed(String fileName, URI source, String reason) {
        endBar();
        out.println("  " + fileName + ": " + source + " failed: " + reason);
    }

    private void drawBar(long done, int percent, long now) {
        int filled = (int) ((long) BAR_WIDTH * Math.min(percent, 100) / 100);
        String bar = "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled);
        out.print(String.format(Locale.ROOT, "\r  %3d%% [%s] %s/%s MB  %s   ", percent, bar, megabytes(done),
                megabytes(total), speed(done, now)));
        out.flush();
        drawing = true;
    }

    private void endBar() {
        if (drawing) {
            out.println();
            drawing = false;
        }
    }

    private int percent(long done) {
        return total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
    }

    private String speed(long done, long now) {
        double seconds = (now - startNanos) / 1e9;
        return seconds <= 0 ? "-- MB/s" : String.format(Locale.ROOT, "%.1f MB/s", done / 1e6 / seconds);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }
}
