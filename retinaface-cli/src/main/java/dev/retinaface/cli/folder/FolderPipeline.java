package dev.retinaface.cli.folder;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs files through decode, work (detection) and output as a bounded pipeline: decoding overlaps the detector,
 * several detector calls run at once, and the output stage receives the results <em>in input order</em> on the
 * calling thread while later files are still being worked on. At most {@link PipelinePlan#window()} files are in
 * flight. A file that fails (decode or work) gives an {@link Outcome} with its error; the others go on.
 *
 * @param <D> what the decode stage produces (e.g. a decoded image)
 * @param <R> what the work stage produces (e.g. the faces)
 */
public final class FolderPipeline<D, R> {

    /** Decodes one file. */
    @FunctionalInterface
    public interface Decoder<D> {
        D decode(Path file) throws Exception;
    }

    /** Works on one decoded file. */
    @FunctionalInterface
    public interface Worker<D, R> {
        R work(Path file, D decoded) throws Exception;
    }

    /** Receives each outcome, in input order, on the thread that called {@link #run}. */
    @FunctionalInterface
    public interface Output<R> {
        void accept(Outcome<R> outcome) throws Exception;
    }

    /**
     * The result of one file: exactly one of {@code result} and {@code error} is set.
     *
     * @param index  position in the input list
     * @param file   the file
     * @param result what the work stage returned, or null on error
     * @param error  why the file failed (decode or work), or null
     */
    public record Outcome<R>(int index, Path file, R result, Throwable error) {
        /** Whether the file went through. */
        public boolean ok() {
            return error == null;
        }
    }

    private final PipelinePlan plan;
    private final Decoder<D> decoder;
    private final Worker<D, R> worker;

    /**
     * @param plan    threads and window
     * @param decoder the decode stage (runs on the decoder threads, or in the worker when the plan has none)
     * @param worker  the work stage (runs on the worker threads; must be thread-safe)
     */
    public FolderPipeline(PipelinePlan plan, Decoder<D> decoder, Worker<D, R> worker) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    /**
     * Runs every file and hands each outcome to {@code output} in input order. An exception thrown by
     * {@code output} stops the run (files in flight are abandoned) and is rethrown.
     *
     * @return how many files failed
     */
    public int run(List<Path> files, Output<R> output) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(plan.workers(), named("pipeline-worker"));
        ExecutorService decoders = plan.decoders() == 0 ? null
                : Executors.newFixedThreadPool(plan.decoders(), named("pipeline-decoder"));
        int failures = 0;
        try {
            ArrayDeque<CompletableFuture<R>> inFlight = new ArrayDeque<>();
            int next = 0;
            for (int i = 0; i < files.size(); i++) {
                while (next < files.size() && inFlight.size() < plan.window()) {
                    inFlight.addLast(submit(files.get(next), workers, decoders));
                    next++;
                }
                CompletableFuture<R> head = inFlight.removeFirst();
                Outcome<R> outcome;
                try {
                    outcome = new Outcome<>(i, files.get(i), head.join(), null);
                } catch (CompletionException e) {
                    outcome = new Outcome<>(i, files.get(i), null, e.getCause() != null ? e.getCause() : e);
                } catch (java.util.concurrent.CancellationException e) {
                    outcome = new Outcome<>(i, files.get(i), null, e);
                }
                if (!outcome.ok()) {
                    failures++;
                }
                output.accept(outcome);
            }
        } finally {
            workers.shutdownNow();
            if (decoders != null) {
                decoders.shutdownNow();
            }
        }
        return failures;
    }

    private CompletableFuture<R> submit(Path file, ExecutorService workers, ExecutorService decoders) {
        if (decoders == null) {
            return CompletableFuture.supplyAsync(() -> call(() -> worker.work(file, decoder.decode(file))), workers);
        }
        return CompletableFuture.supplyAsync(() -> call(() -> decoder.decode(file)), decoders)
                .thenApplyAsync(decoded -> call(() -> worker.work(file, decoded)), workers);
    }

    private interface Step<T> {
        T get() throws Exception;
    }

    private static <T> T call(Step<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
