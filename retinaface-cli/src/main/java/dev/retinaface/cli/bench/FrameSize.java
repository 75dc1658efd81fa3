package dev.retinaface.cli.bench;

import java.util.ArrayList;
import java.util.List;

/** A benchmark frame size in pixels. */
public record FrameSize(int width, int height) {

    public FrameSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
    }

    /** Parses {@code 640x480,1920x1080}. */
    public static List<FrameSize> parseList(String text) {
        List<FrameSize> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] wh = part.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (wh.length == 2) {
                    sizes.add(new FrameSize(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim())));
                    continue;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new IllegalArgumentException("bad size '" + part.trim() + "' in --sizes: use WIDTHxHEIGHT, e.g. 640x480");
        }
        return sizes;
    }

    public long pixels() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
