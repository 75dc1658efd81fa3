package dev.retinaface.cli.peers;

import java.io.IOException;

/** A peer detector cannot run: its model file is missing or unreadable, or its runtime is absent. */
public final class PeerException extends IOException {
    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
