package dev.retinaface.video;

import java.io.IOException;

/**
 * A video source could not be opened or read, or an output could not be written. The message names the source or
 * output and says what went wrong, in one line fit to show to people.
 */
public class VideoException extends IOException {

    private final String source;

    public VideoException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public VideoException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file, device or URL concerned. */
    public String source() {
        return source;
    }
}
