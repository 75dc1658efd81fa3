package dev.retinaface.core.image;

import java.io.IOException;

/** An image could not be loaded; the message names the file and the reason. */
public class ImageLoadException extends IOException {

    public ImageLoadException(String message) {
        super(message);
    }

    public ImageLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
