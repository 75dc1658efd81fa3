package dev.retinaface.cli.peers;

import dev.retinaface.cli.bench.Interleaved;
import dev.retinaface.cli.bench.Stats;
import dev.retinaface.core.detect.FaceDetector;
import dev.retinaface.core.image.ImageLoader;
import dev.retinaface.eval.run.PredictionRun;
import dev.retinaface.eval.run.WiderImage;
import dev.retinaface.eval.widerface.ImagePredictions;
import dev.retinaface.eval.widerface.WiderEvaluator;
import dev.retinaface.eval.widerface.WiderGroundTruth;
import dev.retinaface.eval.widerface.WiderPredictions;
import dev.retinaface.eval.widerface.WiderResult;
import dev.retinaface.eval.widerface.WiderSetting;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Detectors side by side: time per frame (end to end, {@link FaceDetector#detect(BufferedImage)}, 1 thread,
 * detectors interleaved in rotation on the same frame) and WIDER FACE val AP by the project's evaluator (each
 * detector's predictions written in the official layout and scored).
 */
public final class PeerBench {

    /**
     * A detector in the comparison.
     *
     * @param name   label in the table and plot
     * @param input  what the detector sees (e.g. "original size", "128x128 letterboxed")
     * @param timed  the detector timed per frame (its operating score threshold)
     * @param scored the detector that writes predictions for AP (low score threshold, for the PR curve)
     */
    public record Entry(String name, String input, FaceDetector timed, FaceDetector scored) {
    }

    /**
     * One row.
     *
     * @param entry  the detector
     * @param millis time per frame
     * @param faces  faces found on the timing frame
     * @param result WIDER AP, or null when not evaluated
     */
    public record Row(Entry entry, Stats millis, int faces, WiderResult result) {
        /** AP of a setting, NaN without a result. */
        public double ap(WiderSetting s) {
            return result == null ? Double.NaN : result.averagePrecision(s);
        }
    }

    private PeerBench() {
    }

    /** Times every entry on {@code frame}, interleaved: {@code warmups} untimed rounds, then {@code runs}. */
    public static Map<Entry, long[]> time(List<Entry> entries, BufferedImage frame, int warmups, int runs,
                                          Map<Entry, Integer> faces) {
        List<Interleaved.Task> tasks = new ArrayList<>();
        for (Entry e : entries) {
            tasks.add(new Interleaved.Task(e.name(), () -> faces.put(e, e.timed().detect(frame).size())));
        }
        Map<String, long[]> byName = Interleaved.run(tasks, warmups, runs, runs, Long.MAX_VALUE);
        Map<Entry, long[]> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            out.put(e, byName.get(e.name()));
        }
        return out;
    }

    /** AP of one detector over the images, with {@code workers} images at once. */
    public static WiderResult evaluate(Entry entry, List<WiderImage> images, WiderGroundTruth gt, int workers,
                                       Consumer<String> progress) throws IOException {
        Path out = Files.createTempDirectory("retinaface-peer");
        try {
            PredictionRun.Summary s = new PredictionRun(new ImageLoader(), WiderPredictions.MIN_SCORE)
                    .run(images, out, java.util.Collections.nCopies(Math.max(1, workers), entry.scored()), () -> { });
            progress.accept(String.format(Locale.ROOT, "%s: %d images, %d faces, %.1f s", entry.name(), s.images(),
                    s.faces(), s.seconds()));
            List<ImagePredictions> read = new ArrayList<>();
            for (WiderImage image : images) {
                read.add(WiderPredictions.readFile(out.resolve(image.id().event()).resolve(image.id().name() + ".txt")));
            }
            return WiderEvaluator.evaluate(gt, new WiderPredictions(read));
        } finally {
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows, String frame, int images) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "ms per frame: %s, end to end (decode excluded), 1 thread, detectors "
                + "interleaved; median (p10-p90). AP: WIDER FACE val, %d images, official protocol.%n%n", frame, images));
        md.append("| detector | input | ms per VGA frame | faces on the frame | easy | medium | hard |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f (%.1f-%.1f) | %d | %s | %s | %s |%n",
                    r.entry().name(), r.entry().input(), r.millis().median(), r.millis().p10(), r.millis().p90(),
                    r.faces(), ap(r.ap(WiderSetting.EASY)), ap(r.ap(WiderSetting.MEDIUM)), ap(r.ap(WiderSetting.HARD))));
        }
        return md.toString();
    }

    private static String ap(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
