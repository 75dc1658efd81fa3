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
import dev.retinaface.onnx.runtime.NetworkOutputs;
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
 *   <li>{@code ours}: {@link FaceModel#runNetworkPooled} on a prepared tensor in a direct buffer (our ONNX graph in
 *       ONNX Runtime, input read in place, outputs written into reused direct buffers, as detectors run it);</li>
 *   <li>{@code export}: the same tensor through the PyTorch export of the reference network, in a session with the
 *       same thread settings, through the same {@link OnnxModelSession} code;</li>
 *   <li>{@code e2e}: {@link FaceDetector#detect(BufferedImage)} on the decoded BGR image, down to the list of faces;</li>
 *   <li>{@code prep} and {@code post}: the two halves of the difference, timed alone (tensor fill into a reused
 *       direct buffer, as the detector does it; {@link PostProcessor} on saved outputs, read from the direct buffers
 *       the network wrote, as detectors do);</li>
 *   <li>with an int8 model: {@code int8} (its model-only run on the same tensor) and {@code e2e-int8}, in the same
 *       rotation; model-only runs of both graphs then also record the calling thread's CPU time.</li>
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
                       Stats prep, Stats post, int faces, double oursOverExport, double e2eOverModel, Int8 int8) {

        /** A cell without int8 runs. */
        public Cell(FrameSize size, int threads, int threadsUsed, Stats ours, Stats export, Stats e2e,
                    Stats prep, Stats post, int faces, double oursOverExport, double e2eOverModel) {
            this(size, threads, threadsUsed, ours, export, e2e, prep, post, faces, oursOverExport, e2eOverModel, null);
        }
    }

    /**
     * The int8 graph's runs of a cell, in the same rotation as the fp32 ones.
     *
     * @param model      model-only time of the int8 graph
     * @param e2e        end-to-end time with the int8 graph
     * @param faces      faces found end to end with the int8 graph
     * @param modelRatio median of per-round ratios int8 model / fp32 model ({@code ours})
     * @param e2eRatio   median of per-round ratios int8 end-to-end / fp32 end-to-end
     * @param modelCpu   CPU time of the calling thread per int8 model run (with 1 thread ONNX Runtime runs there)
     * @param oursCpu    the same for the fp32 model run
     * @param cpuRatio   median of per-round ratios of those CPU times
     * @param e2eCpuRatio median of per-round ratios of the end-to-end runs' CPU times, int8 / fp32
     */
    public record Int8(Stats model, Stats e2e, int faces, double modelRatio, double e2eRatio, Stats modelCpu,
                       Stats oursCpu, double cpuRatio, double e2eCpuRatio) {
    }

    private final DetectorFactory detectors;
    private final DetectorFactory int8Detectors;
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
        this(detectors, null, detectorConfig, yardstick, plan);
    }

    /**
     * @param detectors      loads our fp32 model per thread setting
     * @param int8Detectors  loads the int8 model per thread setting, run beside fp32 in the same rotation; null for none
     * @param detectorConfig settings of the end-to-end detectors
     * @param yardstick      the serialised export, or null to skip it
     * @param plan           run counts
     */
    public SpeedBench(DetectorFactory detectors, DetectorFactory int8Detectors, DetectorConfig detectorConfig,
                      byte[] yardstick, Plan plan) {
        this.detectors = detectors;
        this.int8Detectors = int8Detectors;
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
                 FaceModel int8 = int8Detectors == null ? null : int8Detectors.build(threads);
                 OnnxModelSession export = yardstick == null ? null
                         : new OnnxModelSession(yardstick, SessionConfig.defaults().withIntraOpThreads(used))) {
                for (FrameSize size : sizes) {
                    Cell cell = measureCell(detector, int8, export, images.apply(size), size, threads, used);
                    cells.add(cell);
                    progress.accept(String.format(java.util.Locale.ROOT,
                            "%s threads=%s: ours %.1f ms, export %s, e2e %.1f ms%s (%d runs)", size,
                            threads == 0 ? "all" : threads, cell.ours().median(),
                            cell.export() == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms",
                                    cell.export().median()), cell.e2e().median(),
                            cell.int8() == null ? "" : String.format(java.util.Locale.ROOT,
                                    ", int8 %.1f ms (%.3fx, CPU %.3fx)", cell.int8().model().median(),
                                    cell.int8().modelRatio(), cell.int8().cpuRatio()),
                            cell.ours().runs()));
                }
            }
        }
        return cells;
    }

    private Cell measureCell(FaceModel detector, FaceModel int8, OnnxModelSession export, BufferedImage image,
                             FrameSize size, int threads, int used) {
        int w = size.width();
        int h = size.height();
        int floats = ImageTensors.size(w, h);
        FloatBuffer tensor = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        ImageTensors.toNchw(BgrImages.toBgr(image), tensor, 0, false);
        // one saved run: the parity note reads a heap copy of it, the post task its direct buffers, as detectors do
        NetworkOutputs saved = detector.runNetworkPooled(tensor, 1, h, w);
        DirectBufferPool prepBuffers = new DirectBufferPool(1);
        if (export != null && notes.isEmpty()) {
            notes.add(parity(saved.toRawOutputs(), export.run(tensor, 1, h, w), size));
        }
        PostProcessor post = new PostProcessor(detector.spec().priors(), detectorConfig.postProcessing(), new PriorCache());
        int[] faces = new int[1];
        FaceDetector endToEnd = detector.detector(detectorConfig);

        List<Interleaved.Task> tasks = new ArrayList<>();
        // model only as detectors run it: outputs written into reused direct buffers (nothing allocated per run)
        int anchors = detector.anchorCount(h, w);
        DirectBufferPool exportOutputs = new DirectBufferPool(3);
        tasks.add(new Interleaved.Task("ours", () -> {
            try (NetworkOutputs out = detector.runNetworkPooled(tensor, 1, h, w)) {
                sink += out.anchors();
            }
        }));
        if (export != null) {
            tasks.add(new Interleaved.Task("export", () -> {
                try (NetworkOutputs out = export.runInto(tensor, 1, h, w, anchors, exportOutputs)) {
                    sink += out.anchors();
                }
            }));
        }
        tasks.add(new Interleaved.Task("e2e", () -> {
            List<Face> found = endToEnd.detect(image);
            faces[0] = found.size();
        }));
        CpuTimes oursCpu = new CpuTimes();
        CpuTimes int8Cpu = new CpuTimes();
        CpuTimes e2eCpu = new CpuTimes();
        CpuTimes int8E2eCpu = new CpuTimes();
        int[] int8Faces = new int[1];
        if (int8 != null) {
            FaceDetector int8EndToEnd = int8.detector(detectorConfig);
            for (int i = 0; i < tasks.size(); i++) {
                Interleaved.Task task = tasks.get(i);
                if (task.name().equals("ours")) {
                    tasks.set(i, new Interleaved.Task("ours", () -> oursCpu.time(task.body())));
                } else if (task.name().equals("e2e")) {
                    tasks.set(i, new Interleaved.Task("e2e", () -> e2eCpu.time(task.body())));
                }
            }
            tasks.add(new Interleaved.Task("int8", () -> int8Cpu.time(() -> {
                try (NetworkOutputs out = int8.runNetworkPooled(tensor, 1, h, w)) {
                    sink += out.anchors();
                }
            })));
            tasks.add(new Interleaved.Task("e2e-int8", () -> int8E2eCpu.time(
                    () -> int8Faces[0] = int8EndToEnd.detect(image).size())));
        }
        tasks.add(new Interleaved.Task("prep", () -> {
            FloatBuffer t = prepBuffers.borrow(floats);
            ImageTensors.toNchw(BgrImages.toBgr(image), t, 0, false);
            sink += Float.floatToRawIntBits(t.get(floats - 1));
            prepBuffers.release(t);
        }));
        tasks.add(new Interleaved.Task("post", () -> sink += post.process(saved.boxes(0), saved.scores(0), 2,
                saved.landmarks(0), h, w, 1.0).size()));

        int runs = plan.runsFor(size);
        Map<String, long[]> times;
        try {
            times = Interleaved.run(tasks, plan.warmupsFor(size), runs, Math.min(plan.minRuns(), runs),
                    (long) (plan.budgetSeconds() * 1e9));
        } finally {
            saved.close();
        }
        long[] ours = times.get("ours");
        long[] e2e = times.get("e2e");
        Int8 int8Result = null;
        if (int8 != null) {
            long[] fp32Cpu = oursCpu.last(ours.length);
            long[] qCpu = int8Cpu.last(ours.length);
            long[] q = times.get("int8");
            long[] qE2e = times.get("e2e-int8");
            int8Result = new Int8(Stats.ofNanos(q), Stats.ofNanos(qE2e), int8Faces[0], Stats.pairedRatio(q, ours),
                    Stats.pairedRatio(qE2e, e2e), Stats.ofNanos(qCpu), Stats.ofNanos(fp32Cpu),
                    Stats.pairedRatio(qCpu, fp32Cpu),
                    Stats.pairedRatio(int8E2eCpu.last(ours.length), e2eCpu.last(ours.length)));
        }
        return new Cell(size, threads, used, Stats.ofNanos(ours),
                export == null ? null : Stats.ofNanos(times.get("export")), Stats.ofNanos(e2e),
                Stats.ofNanos(times.get("prep")), Stats.ofNanos(times.get("post")), faces[0],
                export == null ? Double.NaN : Stats.pairedRatio(ours, times.get("export")),
                Stats.pairedRatio(e2e, ours), int8Result);
    }

    /** CPU time of the calling thread per run, in run order (warm-up runs first, timed runs last). */
    private static final class CpuTimes {
        private static final java.lang.management.ThreadMXBean CPU =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private final List<Long> nanos = new ArrayList<>();

        void time(Runnable body) {
            long c0 = CPU.getCurrentThreadCpuTime();
            body.run();
            nanos.add(CPU.getCurrentThreadCpuTime() - c0);
        }

        /** The last {@code n} runs (the timed rounds). */
        long[] last(int n) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = nanos.get(nanos.size() - n + i);
            }
            return out;
        }
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
