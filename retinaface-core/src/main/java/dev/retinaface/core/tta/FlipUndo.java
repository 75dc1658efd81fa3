package dev.retinaface.core.tta;

import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps detections made on a horizontally mirrored image back onto the unmirrored image: boxes and landmarks
 * mirrored, and the left/right landmarks swapped (left eye with right eye, left mouth corner with right mouth
 * corner), since the face's left eye appears on the other side in a mirror.
 *
 * <p>Pixel convention: {@code x' = W - x}. The reference decoder works in continuous coordinates (pixel
 * {@code i} spans {@code [i, i + 1)}, anchors centred on {@code (j + 0.5) * step}), and mirroring an image of
 * width {@code W} maps continuous {@code x} to {@code W - x}. insightface uses {@code W - x - 1} because its
 * anchors and boxes use the inclusive pixel-index convention ({@code width = x2 - x1 + 1}); using that here
 * would shift every mirrored detection by one pixel.
 *
 * <p>For an exact result mirror the original image before resizing and pass the original width; if the
 * resized image is mirrored instead, pass {@code resizedWidth / scale}.
 */
public final class FlipUndo {

    /** Landmark order after mirroring: right eye, left eye, nose, right mouth corner, left mouth corner. */
    private static final int[] SWAP = {1, 0, 2, 4, 3};

    private FlipUndo() {
    }

    /** Detections on the mirrored image, mapped back onto the original image of width {@code imageWidth}. */
    public static List<Face> unflip(List<Face> faces, int imageWidth) {
        return unflip(faces, (double) imageWidth);
    }

    /** As {@link #unflip(List, int)} with a mirror width that need not be whole (see the class notes). */
    public static List<Face> unflip(List<Face> faces, double mirrorWidth) {
        if (!(mirrorWidth > 0) || Double.isInfinite(mirrorWidth)) {
            throw new IllegalArgumentException("image width must be positive, got " + mirrorWidth);
        }
        float w = (float) mirrorWidth;
        List<Face> out = new ArrayList<>(faces.size());
        for (Face face : faces) {
            Box b = face.box();
            Box box = new Box(w - b.x2(), b.y1(), w - b.x1(), b.y2());
            List<Point> landmarks = new ArrayList<>(face.landmarks().size());
            for (int i = 0; i < face.landmarks().size(); i++) {
                Point p = face.landmarks().get(SWAP[i]);
                landmarks.add(new Point(w - p.x(), p.y()));
            }
            out.add(new Face(box, face.score(), landmarks));
        }
        return out;
    }
}
