package dev.retinaface.core.image;

import java.awt.Color;
import java.util.List;
import java.util.Objects;

/**
 * How {@link FaceAnnotator} draws faces. The defaults follow the reference demo: red boxes, white score text and the
 * five landmarks in red, yellow, magenta, green and blue (left eye, right eye, nose, left and right mouth corner).
 *
 * @param boxColor       box outline
 * @param textColor      score text (drawn on a box-coloured label)
 * @param landmarkColors five colours, one per landmark
 * @param lineWidth      stroke width in pixels; 0 picks one from the image size ({@link #lineWidthFor})
 * @param showScores     draw the score above each box
 * @param showLandmarks  draw the landmarks
 * @param minScore       faces scoring below this are not drawn
 */
public record AnnotationStyle(Color boxColor, Color textColor, List<Color> landmarkColors, float lineWidth,
                              boolean showScores, boolean showLandmarks, float minScore) {

    public AnnotationStyle {
        Objects.requireNonNull(boxColor, "boxColor");
        Objects.requireNonNull(textColor, "textColor");
        landmarkColors = List.copyOf(landmarkColors);
        if (landmarkColors.size() != 5) {
            throw new IllegalArgumentException("five landmark colours are needed, got " + landmarkColors.size());
        }
        if (!(lineWidth >= 0) || Float.isInfinite(lineWidth)) {
            throw new IllegalArgumentException("lineWidth must be >= 0 (0 = automatic), got " + lineWidth);
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
        }
    }

    /** Reference demo colours, automatic line width, scores and landmarks shown, every face drawn. */
    public static AnnotationStyle defaults() {
        return new AnnotationStyle(Color.RED, Color.WHITE,
                List.of(Color.RED, Color.YELLOW, Color.MAGENTA, Color.GREEN, Color.BLUE), 0f, true, true, 0f);
    }

    /** A copy that hides faces scoring below {@code score}. */
    public AnnotationStyle withMinScore(float score) {
        return new AnnotationStyle(boxColor, textColor, landmarkColors, lineWidth, showScores, showLandmarks, score);
    }

    /** A copy with a fixed line width. */
    public AnnotationStyle withLineWidth(float width) {
        return new AnnotationStyle(boxColor, textColor, landmarkColors, width, showScores, showLandmarks, minScore);
    }

    /** The stroke width for an image: the fixed one, or about 1/400 of the longer side, at least 1.5 pixels. */
    public float lineWidthFor(int imageWidth, int imageHeight) {
        return lineWidth > 0 ? lineWidth : Math.max(1.5f, Math.max(imageWidth, imageHeight) / 400f);
    }
}
