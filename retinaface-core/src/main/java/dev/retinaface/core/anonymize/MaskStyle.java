package dev.retinaface.core.anonymize;

import java.util.Locale;

/** How a face region is made unrecognisable. */
public enum MaskStyle {
    /** A strong Gaussian-like blur (three box-blur passes) scaled to the face size. */
    GAUSSIAN,
    /** Large mosaic blocks, about six across the face. */
    PIXELATE,
    /** A filled rectangle of one colour. */
    SOLID;

    /** Parses {@code gaussian}, {@code pixelate} or {@code solid} (case-insensitive). */
    public static MaskStyle parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mask style '" + text + "'; use gaussian, pixelate or solid", e);
        }
    }
}
