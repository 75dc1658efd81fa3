package dev.retinaface.serve;

import org.eclipse.jetty.io.Connection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose next request head does not arrive in full within the time allowed, on every request of
 * a kept-alive connection, not only the first. A client that trickles its headers a byte at a time is never caught
 * by the idle timeout (each byte resets it); Jetty parses headers without a thread, so such a client never holds a
 * worker, and this frees its socket.
 *
 * <p>The clock of a head starts when its first byte arrives: at connect for a new connection, and for a kept-alive
 * one when bytes come in after the previous request was answered ({@link #requestCompleted}). A connection that sends
 * nothing is left to the idle timeout. The head is complete when Jetty counts a new request on the connection; the
 * body then has its own limit ({@link BodyReader}). Connections checked by a sweep every few hundred milliseconds.
 */
final class HeaderDeadline implements Connection.Listener, AutoCloseable {

    private final long timeoutNanos;
    private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retinaface-header-deadline");
        t.setDaemon(true);
        return t;
    });

    /** A connection waiting for a request head. */
    private static final class Watch {
        final long heads;
        final long bytes;
        volatile long startNanos;

        Watch(long heads, long bytes, long startNanos) {
            this.heads = heads;
            this.bytes = bytes;
            this.startNanos = startNanos;
        }
    }

    HeaderDeadline(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long period = Math.max(20, Math.min(500, timeoutMillis / 10));
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        long heads = connection.getMessagesIn();
        if (heads >= 0) { // an HTTP/1 connection, which counts request heads
            watched.put(connection, new Watch(heads, 0, System.nanoTime()));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        watched.remove(connection);
    }

    /** The request on {@code connection} was answered: the next head's clock starts with its first byte. */
    void requestCompleted(Connection connection) {
        long heads = connection.getMessagesIn();
        if (heads >= 0 && connection.getEndPoint().isOpen()) {
            watched.put(connection, new Watch(heads, connection.getBytesIn(), 0));
        }
    }

    /** Connections now waiting for a head (for tests). */
    int watching() {
        return watched.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        watched.forEach((connection, w) -> {
            if (connection.getMessagesIn() != w.heads || !connection.getEndPoint().isOpen()) {
                watched.remove(connection, w); // the head arrived (or the connection is gone)
            } else if (w.startNanos == 0) {
                if (connection.getBytesIn() > w.bytes) {
                    w.startNanos = now;
                }
            } else if (now - w.startNanos > timeoutNanos) {
                watched.remove(connection, w);
                connection.getEndPoint().close();
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        watched.clear();
    }
}
