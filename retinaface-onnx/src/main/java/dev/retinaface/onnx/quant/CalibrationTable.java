package dev.retinaface.onnx.quant;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Calibrated activation ranges by tensor name, in graph order, with a few header fields (method, weights digest,
 * images). The text form is canonical: the same table always gives the same bytes.
 *
 * <pre>
 * # retinaface-java calibration table v1
 * @method entropy
 * @weights 3f2a...
 * tensor-name&lt;TAB&gt;min&lt;TAB&gt;max
 * </pre>
 */
public final class CalibrationTable {

    private static final String MAGIC = "# retinaface-java calibration table v1";

    private final Map<String, String> header;
    private final Map<String, TensorRange> ranges;

    public CalibrationTable(Map<String, String> header, Map<String, TensorRange> ranges) {
        this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        this.ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
        for (String k : header.keySet()) {
            if (k.isEmpty() || k.contains(" ") || k.contains("\n")) {
                throw new IllegalArgumentException("bad header key '" + k + "'");
            }
        }
        for (String v : header.values()) {
            if (v.contains("\n")) {
                throw new IllegalArgumentException("header values are single lines");
            }
        }
        for (String t : ranges.keySet()) {
            if (t.isEmpty() || t.contains("\t") || t.contains("\n") || t.startsWith("#") || t.startsWith("@")) {
                throw new IllegalArgumentException("tensor name '" + t + "' cannot be written to a table");
            }
        }
    }

    /** The range of a tensor. */
    public TensorRange range(String tensor) {
        TensorRange r = ranges.get(tensor);
        if (r == null) {
            throw new QuantizationException("the calibration table has no range for tensor " + tensor
                    + " (was it made for another model?)");
        }
        return r;
    }

    public Map<String, TensorRange> ranges() {
        return ranges;
    }

    public Map<String, String> header() {
        return header;
    }

    /** Canonical UTF-8 text (floats as Java's shortest round-tripping decimal). */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        header.forEach((k, v) -> sb.append('@').append(k).append(' ').append(v).append('\n'));
        ranges.forEach((t, r) -> sb.append(t).append('\t').append(r.min()).append('\t').append(r.max()).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@link #toBytes()} back. */
    public static CalibrationTable parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new QuantizationException("not a calibration table (first line must be '" + MAGIC + "')");
        }
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, TensorRange> ranges = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("@")) {
                    int sp = line.indexOf(' ');
                    header.put(line.substring(1, sp), line.substring(sp + 1));
                } else {
                    String[] f = line.split("\t");
                    ranges.put(f[0], new TensorRange(Float.parseFloat(f[1]), Float.parseFloat(f[2])));
                }
            } catch (RuntimeException e) {
                throw new QuantizationException("calibration table line " + (i + 1) + " is malformed: " + line, e);
            }
        }
        return new CalibrationTable(header, ranges);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationTable t && t.header.equals(header) && t.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, ranges);
    }
}
