package dev.retinaface.onnx.graph;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed input size for an exported graph, in pixels.
 *
 * @param width  input width, at least 1
 * @param height input height, at least 1
 */
public record InputSize(int width, int height) {

    private static final Pattern WXH = Pattern.compile("\\s*(\\d{1,6})\\s*[xX]\\s*(\\d{1,6})\\s*");

    public InputSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
    }

    /**
     * Parses {@code WxH}, e.g. {@code 640x480}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static InputSize parse(String text) {
        Matcher m = WXH.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected an input size as WIDTHxHEIGHT, e.g. 640x480, got '" + text + "'");
        }
        return new InputSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%dx%d", width, height);
    }
}
