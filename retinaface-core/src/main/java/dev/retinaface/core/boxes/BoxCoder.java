package dev.retinaface.core.boxes;

import dev.retinaface.core.anchors.PriorConfig;

/**
 * The reference box and landmark coding (box_utils {@code encode}, {@code decode}, {@code encode_landm},
 * {@code decode_landm}), on flat float arrays, in float32 with the reference's operation order.
 *
 * <p>Priors are {@code (cx, cy, w, h)} per anchor (see {@code PriorBoxes}); boxes are {@code (x1, y1, x2, y2)};
 * landmarks are five {@code (x, y)} points. Boxes, landmarks and priors must share units (the reference uses
 * coordinates normalised by the input size).
 *
 * <ul>
 *   <li>box: {@code cx' = cx + d0 * v0 * w}, {@code cy' = cy + d1 * v0 * h}, {@code w' = w * exp(d2 * v1)},
 *       {@code h' = h * exp(d3 * v1)}; then {@code x1 = cx' - w'/2}, {@code x2 = w' + x1} (not {@code cx' + w'/2}:
 *       the reference adds the size to the already shifted corner, which rounds differently).</li>
 *   <li>landmark k: {@code x = cx + d(2k) * v0 * w}, {@code y = cy + d(2k+1) * v0 * h}.</li>
 * </ul>
 * {@code v0} is the centre variance (0.1), {@code v1} the size variance (0.2).
 */
public final class BoxCoder {

    /** Floats per encoded or decoded box. */
    public static final int BOX = 4;
    /** Floats per set of five landmarks. */
    public static final int LANDMARKS = 10;

    private final float centerVariance;
    private final float sizeVariance;

    /** A coder with the given variances (reference: 0.1 and 0.2). */
    public BoxCoder(float centerVariance, float sizeVariance) {
        if (!(centerVariance > 0f) || !(sizeVariance > 0f)) {
            throw new IllegalArgumentException("variances must be positive, got " + centerVariance + ", " + sizeVariance);
        }
        this.centerVariance = centerVariance;
        this.sizeVariance = sizeVariance;
    }

    /** A coder with the variances of {@code config}. */
    public static BoxCoder of(PriorConfig config) {
        return new BoxCoder(config.boxVariance(), config.sizeVariance());
    }

    /** Decodes the offsets of every anchor: {@code A * 4} offsets to {@code A * 4} corners. */
    public float[] decodeBoxes(float[] offsets, float[] priors) {
        int anchors = checkAnchors(offsets, BOX, priors);
        float[] out = new float[anchors * BOX];
        for (int a = 0; a < anchors; a++) {
            decodeBox(offsets, priors, a, out, a * BOX);
        }
        return out;
    }

    /** Decodes the box of one anchor into {@code out[outOffset .. outOffset + 3]}. */
    public void decodeBox(float[] offsets, float[] priors, int anchor, float[] out, int outOffset) {
        decodeBox(offsets, anchor * BOX, priors, anchor, out, outOffset);
    }

    /**
     * Decodes one anchor's box whose four offsets start at {@code offsets[at]} (e.g. a scratch array holding just
     * that anchor's offsets) into {@code out[outOffset .. outOffset + 3]}.
     */
    public void decodeBox(float[] offsets, int at, float[] priors, int anchor, float[] out, int outOffset) {
        int p = anchor * 4;
        int d = at;
        float pw = priors[p + 2];
        float ph = priors[p + 3];
        float cx = priors[p] + offsets[d] * centerVariance * pw;
        float cy = priors[p + 1] + offsets[d + 1] * centerVariance * ph;
        float w = pw * (float) Math.exp(offsets[d + 2] * sizeVariance);
        float h = ph * (float) Math.exp(offsets[d + 3] * sizeVariance);
        float x1 = cx - w / 2f;
        float y1 = cy - h / 2f;
        out[outOffset] = x1;
        out[outOffset + 1] = y1;
        out[outOffset + 2] = w + x1;
        out[outOffset + 3] = h + y1;
    }

    /** Decodes the landmark offsets of every anchor: {@code A * 10} offsets to {@code A * 10} coordinates. */
    public float[] decodeLandmarks(float[] offsets, float[] priors) {
        int anchors = checkAnchors(offsets, LANDMARKS, priors);
        float[] out = new float[anchors * LANDMARKS];
        for (int a = 0; a < anchors; a++) {
            decodeLandmarks(offsets, priors, a, out, a * LANDMARKS);
        }
        return out;
    }

    /** Decodes the five landmarks of one anchor into {@code out[outOffset .. outOffset + 9]}. */
    public void decodeLandmarks(float[] offsets, float[] priors, int anchor, float[] out, int outOffset) {
        decodeLandmarks(offsets, anchor * LANDMARKS, priors, anchor, out, outOffset);
    }

    /** Decodes one anchor's landmarks whose ten offsets start at {@code offsets[at]}. */
    public void decodeLandmarks(float[] offsets, int at, float[] priors, int anchor, float[] out, int outOffset) {
        int p = anchor * 4;
        int d = at;
        for (int k = 0; k < LANDMARKS; k += 2) {
            out[outOffset + k] = priors[p] + offsets[d + k] * centerVariance * priors[p + 2];
            out[outOffset + k + 1] = priors[p + 1] + offsets[d + k + 1] * centerVariance * priors[p + 3];
        }
    }

    /**
     * Encodes matched ground-truth corners against their anchors (training targets):
     * {@code ((gx - cx) / (v0 w), (gy - cy) / (v0 h), log(gw / w) / v1, log(gh / h) / v1)} with {@code g} the
     * centre and size of the ground-truth box.
     */
    public float[] encodeBoxes(float[] corners, float[] priors) {
        int anchors = checkAnchors(corners, BOX, priors);
        float[] out = new float[anchors * BOX];
        for (int a = 0; a < anchors; a++) {
            encodeBox(corners, a * BOX, priors, a, out, a * BOX);
        }
        return out;
    }

    /**
     * Encodes one box {@code corners[offset .. offset + 3]} against the anchor {@code anchor} of {@code priors}
     * into {@code out[outOffset .. outOffset + 3]} (see {@link #encodeBoxes}).
     */
    public void encodeBox(float[] corners, int offset, float[] priors, int anchor, float[] out, int outOffset) {
        int p = anchor * 4;
        float pw = priors[p + 2];
        float ph = priors[p + 3];
        out[outOffset] = ((corners[offset] + corners[offset + 2]) / 2f - priors[p]) / (centerVariance * pw);
        out[outOffset + 1] = ((corners[offset + 1] + corners[offset + 3]) / 2f - priors[p + 1]) / (centerVariance * ph);
        out[outOffset + 2] = (float) Math.log((corners[offset + 2] - corners[offset]) / pw) / sizeVariance;
        out[outOffset + 3] = (float) Math.log((corners[offset + 3] - corners[offset + 1]) / ph) / sizeVariance;
    }

    /** Encodes matched ground-truth landmarks against their anchors: {@code ((x - cx) / (v0 w), (y - cy) / (v0 h))}. */
    public float[] encodeLandmarks(float[] landmarks, float[] priors) {
        int anchors = checkAnchors(landmarks, LANDMARKS, priors);
        float[] out = new float[anchors * LANDMARKS];
        for (int a = 0; a < anchors; a++) {
            encodeLandmarks(landmarks, a * LANDMARKS, priors, a, out, a * LANDMARKS);
        }
        return out;
    }

    /**
     * Encodes five landmarks {@code landmarks[offset .. offset + 9]} against the anchor {@code anchor} into
     * {@code out[outOffset .. outOffset + 9]} (see {@link #encodeLandmarks(float[], float[])}).
     */
    public void encodeLandmarks(float[] landmarks, int offset, float[] priors, int anchor, float[] out, int outOffset) {
        int p = anchor * 4;
        for (int k = 0; k < LANDMARKS; k += 2) {
            out[outOffset + k] = (landmarks[offset + k] - priors[p]) / (centerVariance * priors[p + 2]);
            out[outOffset + k + 1] = (landmarks[offset + k + 1] - priors[p + 1]) / (centerVariance * priors[p + 3]);
        }
    }

    private static int checkAnchors(float[] values, int perAnchor, float[] priors) {
        if (priors.length % 4 != 0) {
            throw new IllegalArgumentException("priors hold 4 floats per anchor, got " + priors.length + " floats");
        }
        int anchors = priors.length / 4;
        if (values.length != anchors * perAnchor) {
            throw new IllegalArgumentException("expected " + anchors + " anchors x " + perAnchor + " = "
                    + anchors * perAnchor + " floats, got " + values.length);
        }
        return anchors;
    }
}
