package dev.retinaface.cli.peers;

import java.io.IOException;

/** A peer detector cannot run: its model file is missing or unreadable, or its runtime is absent. */
public final class PeerException extends IOException {
    /** A peer error with its message, worded for people. */
    public PeerException(String message) {
        super(message);
    }

    /** A peer error with its message and the library error behind it. */
    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
