package dev.retinaface.cli.bench;

import dev.retinaface.FaceModel;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.anchors.PriorCache;
import dev.retinaface.core.detect.PostProcessor;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.BgrImages;
import dev.retinaface.core.image.ImageTensors;
import dev.retinaface.onnx.runtime.DirectBufferPool;
import dev.retinaface.onnx.runtime.OnnxModelSession;
import dev.retinaface.onnx.runtime.RawOutputs;
import dev.retinaface.onnx.runtime.SessionConfig;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Model-only, end-to-end and yardstick timings per frame size and thread setting, measured in one interleaved
 * rotation per cell:
 * <ul>
 *   <li>{@code ours}: {@link FaceModel#runNetwork} on a prepared tensor in a direct buffer (our ONNX graph in ONNX
 *       Runtime, read in place, plus the copy of the outputs out);</li>
 *   <li>{@code export}: the same tensor through the PyTorch export of the reference network, in a session with the
 *       same thread settings, through the same {@link OnnxModelSession} code;</li>
 *   <li>{@code e2e}: {@link FaceDetector#detect(BufferedImage)} on the decoded BGR image, down to the list of faces;</li>
 *   <li>{@code prep} and {@code post}: the two halves of the difference, timed alone (tensor fill into a reused
 *       direct buffer, as the detector does it; score extraction and {@link PostProcessor} on saved outputs).</li>
 * </ul>
 */
public final class SpeedBench {

    /** Loads our model for a thread count (0 = all cores). */
    @FunctionalInterface
    public interface DetectorFactory {
        FaceModel build(int threads) throws IOException;
    }

    /**
     * Run counts.
     *
     * @param warmups       untimed rounds first; -1 picks a third of the timed rounds, at least 3
     * @param runs          timed rounds; 0 picks 30 at 640x480 and fewer (at least 15) for larger frames
     * @param minRuns       rounds always done even past the budget
     * @param budgetSeconds timed rounds stop once a cell has taken this long (after {@code minRuns})
     */
    public record Plan(int warmups, int runs, int minRuns, double budgetSeconds) {

        public Plan {
            if (warmups < -1 || runs < 0 || minRuns < 1 || !(budgetSeconds > 0)) {
                throw new IllegalArgumentException("bad run plan: warmups " + warmups + ", runs " + runs
                        + ", min runs " + minRuns + ", budget " + budgetSeconds + " s");
            }
        }

        int warmupsFor(FrameSize size) {
            return warmups >= 0 ? warmups : Math.max(3, runsFor(size) / 3);
        }

        int runsFor(FrameSize size) {
            if (runs > 0) {
                return runs;
            }
            long auto = Math.round(30.0 * 640 * 480 / size.pixels());
            return (int) Math.max(15, Math.min(30, auto));
        }
    }

    /**
     * One row of the table.
     *
     * @param size        frame size
     * @param threads     thread setting as asked (0 = all cores)
     * @param threadsUsed intra-op threads actually configured
     * @param ours        model-only time of our graph
     * @param export      model-only time of the yardstick export, null when it was not run
     * @param e2e         end-to-end time
     * @param prep        tensor preparation time
     * @param post        post-processing time
     * @param faces       faces found end to end
     * @param oursOverExport median of the per-round ratios ours / export (NaN without export)
     * @param e2eOverModel   median of the per-round ratios end-to-end / ours
     */
    public record Cell(FrameSize size, int threads, int threadsUsed, Stats ours, Stats export, Stats e2e,
                       Stats prep, Stats post, int faces, double oursOverExport, double e2eOverModel) {
    }

    private final DetectorFactory detectors;
    private final DetectorConfig detectorConfig;
    private final byte[] yardstick;
    private final Plan plan;
    private final List<String> notes = new ArrayList<>();
    private volatile long sink;

    /**
     * @param detectors      loads our model per thread setting
     * @param detectorConfig settings of the end-to-end detector
     * @param yardstick the serialised export, or null to skip it
     * @param plan      run counts
     */
    public SpeedBench(DetectorFactory detectors, DetectorConfig detectorConfig, byte[] yardstick, Plan plan) {
        this.detectors = detectors;
        this.detectorConfig = detectorConfig;
        this.yardstick = yardstick;
        this.plan = plan;
    }

    /** Remarks gathered while measuring (output parity with the export). */
    public List<String> notes() {
        return notes;
    }

    /**
     * Measures every (thread setting, size) pair.
     *
     * @param images   the input image per size (compact BGR)
     * @param progress receives one line per finished cell
     */
    public List<Cell> measure(List<Integer> threadSettings, List<FrameSize> sizes,
                              Function<FrameSize, BufferedImage> images,
                              java.util.function.Consumer<String> progress) throws IOException {
        List<Cell> cells = new ArrayList<>();
        for (int threads : threadSettings) {
            int used = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            try (FaceModel detector = detectors.build(threads);
                 OnnxModelSession export = yardstick == null ? null
                         : new OnnxModelSession(yardstick, SessionConfig.defaults().withIntraOpThreads(used))) {
                for (FrameSize size : sizes) {
                    Cell cell = measureCell(detector, export, images.apply(size), size, threads, used);
                    cells.add(cell);
                    progress.accept(String.format(java.util.Locale.ROOT,
                            "%s threads=%s: ours %.1f ms, export %s, e2e %.1f ms (%d runs)", size,
                            threads == 0 ? "all" : threads, cell.ours().median(),
                            cell.export() == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms",
                                    cell.export().median()), cell.e2e().median(), cell.ours().runs()));
                }
            }
        }
        return cells;
    }

    private Cell measureCell(FaceModel detector, OnnxModelSession export, BufferedImage image, FrameSize size,
                             int threads, int used) {
        int w = size.width();
        int h = size.height();
        int floats = ImageTensors.size(w, h);
        FloatBuffer tensor = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        ImageTensors.toNchw(BgrImages.toBgr(image), tensor, 0, false);
        RawOutputs saved = detector.runNetwork(tensor, 1, h, w);
        DirectBufferPool prepBuffers = new DirectBufferPool(1);
        if (export != null && notes.isEmpty()) {
            notes.add(parity(saved, export.run(tensor, 1, h, w), size));
        }
        PostProcessor post = new PostProcessor(detector.spec().priors(), detectorConfig.postProcessing(), new PriorCache());
        int[] faces = new int[1];
        FaceDetector endToEnd = detector.detector(detectorConfig);

        List<Interleaved.Task> tasks = new ArrayList<>();
        tasks.add(new Interleaved.Task("ours", () -> sink += detector.runNetwork(tensor, 1, h, w).anchors()));
        if (export != null) {
            tasks.add(new Interleaved.Task("export", () -> sink += export.run(tensor, 1, h, w).anchors()));
        }
        tasks.add(new Interleaved.Task("e2e", () -> {
            List<Face> found = endToEnd.detect(image);
            faces[0] = found.size();
        }));
        tasks.add(new Interleaved.Task("prep", () -> {
            FloatBuffer t = prepBuffers.borrow(floats);
            ImageTensors.toNchw(BgrImages.toBgr(image), t, 0, false);
            sink += Float.floatToRawIntBits(t.get(floats - 1));
            prepBuffers.release(t);
        }));
        tasks.add(new Interleaved.Task("post", () -> sink += decode(post, saved, h, w).size()));

        int runs = plan.runsFor(size);
        Map<String, long[]> times = Interleaved.run(tasks, plan.warmupsFor(size), runs, Math.min(plan.minRuns(), runs),
                (long) (plan.budgetSeconds() * 1e9));
        long[] ours = times.get("ours");
        long[] e2e = times.get("e2e");
        return new Cell(size, threads, used, Stats.ofNanos(ours),
                export == null ? null : Stats.ofNanos(times.get("export")), Stats.ofNanos(e2e),
                Stats.ofNanos(times.get("prep")), Stats.ofNanos(times.get("post")), faces[0],
                export == null ? Double.NaN : Stats.pairedRatio(ours, times.get("export")),
                Stats.pairedRatio(e2e, ours));
    }

    /** What the detector does after the network: face probabilities out of the score pairs, then post-processing. */
    private static List<Face> decode(PostProcessor post, RawOutputs out, int h, int w) {
        float[] pairs = out.scores()[0];
        float[] probability = new float[pairs.length / 2];
        for (int a = 0; a < probability.length; a++) {
            probability[a] = pairs[2 * a + 1];
        }
        return post.process(out.boxes()[0], probability, out.landmarks()[0], h, w, 1.0);
    }

    private static String parity(RawOutputs ours, RawOutputs export, FrameSize size) {
        if (ours.anchors() != export.anchors()) {
            return "Our graph and the export disagree on the anchor count at " + size + ": " + ours.anchors()
                    + " vs " + export.anchors() + ".";
        }
        return String.format(java.util.Locale.ROOT,
                "Same work: at %s both graphs give %d anchors; max |ours - export|: boxes %.2g, scores %.2g, "
                        + "landmarks %.2g.", size, ours.anchors(), maxDiff(ours.boxes()[0], export.boxes()[0]),
                maxDiff(ours.scores()[0], export.scores()[0]), maxDiff(ours.landmarks()[0], export.landmarks()[0]));
    }

    private static double maxDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
