package dev.retinaface.video.roi;

import dev.retinaface.core.boxes.Nms;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.core.image.BgrImages;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link FaceDetector} on crops of a frame and returns the faces in frame coordinates. Faces that reach an
 * edge of their crop where the frame goes on are dropped: the crop cut them or hid their context, so their boxes are
 * not what the whole frame would give. A face found in two overlapping crops is kept once (non-maximum suppression
 * with the detector's IoU threshold). Thread-safe when the detector is.
 */
public final class RegionDetector {

    /** How near (frame pixels) to an inner crop edge a box may come before it is dropped. */
    static final float EDGE_TOLERANCE = 2;

    private final FaceDetector detector;
    private final Nms nms;

    public RegionDetector(FaceDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.nms = new Nms(detector.config().postProcessing().nmsThreshold());
    }

    /** Faces found in {@code regions} of {@code frame}, in frame coordinates, best first. */
    public List<Face> detect(BufferedImage frame, List<Region> regions) {
        BufferedImage bgr = BgrImages.toBgr(frame);
        List<BufferedImage> crops = new ArrayList<>(regions.size());
        for (Region r : regions) {
            crops.add(crop(bgr, r));
        }
        List<List<Face>> found = detector.detectAll(crops);
        List<Face> out = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            for (Face f : found.get(i)) {
                Face moved = translate(f, r.x0(), r.y0());
                if (!r.touchesInnerEdge(moved.box(), EDGE_TOLERANCE, frame.getWidth(), frame.getHeight())) {
                    out.add(moved);
                }
            }
        }
        return regions.size() > 1 ? nms.apply(out) : out;
    }

    /** A compact BGR copy of the region's pixels. */
    static BufferedImage crop(BufferedImage bgr, Region r) {
        byte[] src = BgrImages.bytes(bgr);
        BufferedImage out = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = BgrImages.bytes(out);
        int rowBytes = 3 * r.width();
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(src, 3 * ((r.y0() + y) * bgr.getWidth() + r.x0()), dst, y * rowBytes, rowBytes);
        }
        return out;
    }

    static Face translate(Face f, float dx, float dy) {
        Box b = f.box();
        List<Point> points = new ArrayList<>(f.landmarks().size());
        for (Point p : f.landmarks()) {
            points.add(new Point(p.x() + dx, p.y() + dy));
        }
        return new Face(new Box(b.x1() + dx, b.y1() + dy, b.x2() + dx, b.y2() + dy), f.score(), points);
    }
}
