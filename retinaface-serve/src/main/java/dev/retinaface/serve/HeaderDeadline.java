package dev.retinaface.serve;

import org.eclipse.jetty.io.Connection;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a new connection that has not delivered a complete request head within the time allowed, so a client
 * trickling its headers a byte at a time (which the idle timeout never catches) is cut off. Jetty parses headers
 * without a thread, so such a client never holds a worker; this only frees its socket.
 */
final class HeaderDeadline implements Connection.Listener, AutoCloseable {

    private final long timeoutMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retinaface-header-deadline");
        t.setDaemon(true);
        return t;
    });

    HeaderDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void onOpened(Connection connection) {
        timer.schedule(() -> {
            if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
                connection.getEndPoint().close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
