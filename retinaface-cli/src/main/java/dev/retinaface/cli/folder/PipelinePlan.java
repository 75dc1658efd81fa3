package dev.retinaface.cli.folder;

import java.util.ArrayList;
import java.util.List;

/**
 * How a folder run shares its threads: {@code decoders} threads decode images ahead (0 = each worker decodes its
 * own image), {@code workers} threads run the detector at once, each session call with {@code intraOpThreads}
 * ONNX Runtime threads, and at most {@code window} images are in flight (decoded or being detected), so memory is
 * bounded whatever the folder size.
 *
 * @param decoders       decode threads; 0 decodes in the worker that detects the image
 * @param workers        detector threads, at least 1
 * @param intraOpThreads ONNX Runtime intra-op threads of the session, at least 1
 * @param window         images in flight at most, at least {@code workers}
 */
public record PipelinePlan(int decoders, int workers, int intraOpThreads, int window) {

    public PipelinePlan {
        if (decoders < 0 || workers < 1 || intraOpThreads < 1 || window < workers) {
            throw new IllegalArgumentException("bad pipeline plan: " + decoders + " decoder(s), " + workers
                    + " worker(s), " + intraOpThreads + " ONNX Runtime thread(s), window " + window);
        }
    }

    /** A plan with the default window: two images per busy thread, plus one. */
    public static PipelinePlan of(int decoders, int workers, int intraOpThreads) {
        return new PipelinePlan(decoders, workers, intraOpThreads, 2 * (decoders + workers) + 1);
    }

    /** Busy threads at most: decoders plus workers times their intra-op threads. */
    public int threads() {
        return decoders + workers * intraOpThreads;
    }

    /**
     * The default plan for a budget of {@code threads} busy threads (see docs/benchmarks.md, "Folder throughput"):
     * one single-threaded detector per thread, each decoding its own image. It measured best on 2 cores: image
     * decoding, resizing and post-processing are single-threaded, and a small network's convolutions parallelise
     * poorly inside ONNX Runtime.
     */
    public static PipelinePlan forThreads(int threads) {
        int n = Math.max(1, threads);
        return of(0, n, 1);
    }

    /**
     * Every split of a budget of {@code threads} busy threads that {@code bench --folder} compares: n workers of
     * one thread decoding their own images, decoders ahead of fewer workers, and one worker with several ONNX
     * Runtime threads, with or without a decoder.
     */
    public static List<PipelinePlan> candidates(int threads) {
        int n = Math.max(1, threads);
        List<PipelinePlan> plans = new ArrayList<>();
        plans.add(of(0, n, 1));
        if (n >= 2) {
            for (int d = 1; d < n; d++) {
                plans.add(of(d, n - d, 1));
            }
            plans.add(of(0, 1, n));
            plans.add(of(1, 1, n - 1 > 0 ? n - 1 : 1));
        }
        return plans.stream().distinct().toList();
    }

    @Override
    public String toString() {
        return (decoders == 0 ? "decode in worker" : decoders + " decoder(s)") + ", " + workers + " worker(s) x "
                + intraOpThreads + " ORT thread(s)";
    }
}
