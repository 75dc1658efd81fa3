package dev.retinaface.core.detect;

/**
 * Chooses the scale at which an image is run through the network.
 *
 * <p>Size rounding follows OpenCV's {@code cv2.resize(img, None, fx=s, fy=s)}, which the reference uses: the
 * output is {@code round(w * s) x round(h * s)} with round-half-to-even ({@code cvRound}), computed in double.
 * Detections are mapped back by dividing by {@code s} (not by the per-axis ratio of the rounded sizes), as the
 * reference does.
 */
public sealed interface ResizePolicy {

    /**
     * Parses a policy as written on a command line: {@code original}, {@code short:S:L} (short side S, long side
     * at most L), {@code long:L} (long side at most L) or {@code scale:F}.
     */
    static ResizePolicy parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split(":", -1); // -1: ":" is two empty parts, not an empty array
        try {
            switch (parts[0]) {
                case "original":
                    if (parts.length == 1) {
                        return new Original();
                    }
                    break;
                case "short":
                    if (parts.length == 3) {
                        return new ShortSide(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                    }
                    break;
                case "long":
                    if (parts.length == 2) {
                        return new LongSide(Integer.parseInt(parts[1]));
                    }
                    break;
                case "scale":
                    if (parts.length == 2) {
                        return new FixedScale(Double.parseDouble(parts[1]));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage message
        }
        throw new IllegalArgumentException("bad resize policy '" + text
                + "': use original, short:S:L (e.g. short:1600:2150), long:L or scale:F");
    }

    /** Scale factor for an image of {@code width x height}. */
    double scale(int width, int height);

    /** The policy as {@link #parse} reads it, e.g. {@code short:1600:2150} (for cache keys and metadata). */
    String text();

    /** The scale and the network input size for an image of {@code width x height}. */
    default ResizedInput resize(int width, int height) {
        checkSize(width, height);
        double s = scale(width, height);
        if (s == 1.0) {
            return new ResizedInput(1.0, width, height);
        }
        return new ResizedInput(s, roundedSize(width, s), roundedSize(height, s));
    }

    /** {@code cvRound(size * scale)}: round half to even. */
    static int roundedSize(int size, double scale) {
        double v = Math.rint(size * scale);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size " + size + " at scale " + scale + " gives " + v + " pixels");
        }
        return (int) v;
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }

    /** The image as it is (scale 1): the reference's "origin size" test. */
    record Original() implements ResizePolicy {
        @Override
        public double scale(int width, int height) {
            checkSize(width, height);
            return 1.0;
        }

        @Override
        public String text() {
            return "original";
        }
    }

    /**
     * Short side to {@code target}, unless the long side would then exceed {@code maxLong} pixels, in which case
     * the long side becomes {@code maxLong}. As the reference and insightface: {@code s = target / short}; if
     * {@code round(s * long) > maxLong} (numpy round, half to even) then {@code s = maxLong / long}.
     * The reference's large-scale test is {@code ShortSide(1600, 2150)}.
     */
    record ShortSide(int target, int maxLong) implements ResizePolicy {
        public ShortSide {
            if (target < 1 || maxLong < 1) {
                throw new IllegalArgumentException("short side target and long side cap must be positive, got "
                        + target + " and " + maxLong);
            }
        }

        @Override
        public double scale(int width, int height) {
            checkSize(width, height);
            int shortSide = Math.min(width, height);
            int longSide = Math.max(width, height);
            double s = (double) target / shortSide;
            if (Math.rint(s * longSide) > maxLong) {
                s = (double) maxLong / longSide;
            }
            return s;
        }

        @Override
        public String text() {
            return "short:" + target + ":" + maxLong;
        }
    }

    /** Long side to {@code max} pixels (up or down): {@code s = max / long}. */
    record LongSide(int max) implements ResizePolicy {
        public LongSide {
            if (max < 1) {
                throw new IllegalArgumentException("long side must be positive, got " + max);
            }
        }

        @Override
        public double scale(int width, int height) {
            checkSize(width, height);
            return (double) max / Math.max(width, height);
        }

        @Override
        public String text() {
            return "long:" + max;
        }
    }

    /** A fixed factor {@code s} whatever the image size. */
    record FixedScale(double factor) implements ResizePolicy {
        public FixedScale {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("scale factor must be positive and finite, got " + factor);
            }
        }

        @Override
        public double scale(int width, int height) {
            checkSize(width, height);
            return factor;
        }

        @Override
        public String text() {
            return "scale:" + factor;
        }
    }
}
