package dev.retinaface.train.loop;

import dev.retinaface.model.checkpoint.Checkpoint;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.CheckpointWriter;
import dev.retinaface.model.checkpoint.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A training checkpoint: a PyTorch zip checkpoint ({@code torch.load}-able) holding {@code state_dict} (the
 * detector weights, running statistics included, loadable by detection, evaluation and ONNX export like any
 * state dict) and the training position: {@code epoch}, {@code batch} (next batch within the epoch),
 * {@code global_step}, {@code optimizer} (momentum buffers by parameter key), {@code seed} and {@code preset}.
 * The data order and every augmentation are functions of (seed, epoch, position), so this is the complete
 * random state: resuming reproduces the uninterrupted run.
 */
public record TrainingCheckpoint(Map<String, Tensor> weights, Map<String, Tensor> optimizer, int epoch, int batch,
                                 long globalStep, long seed, String preset) {

    /** File name of the checkpoint written at the end of every epoch (and with every numbered one). */
    public static final String LAST = "last.pth";

    private static final Pattern NUMBERED = Pattern.compile("checkpoint-(\\d+)\\.pth");

    /** The checkpoint the trainer writes after {@code globalStep} optimiser steps: {@code checkpoint-N.pth}. */
    public static Path numbered(Path outputDir, long globalStep) {
        return outputDir.resolve("checkpoint-" + globalStep + ".pth");
    }

    /** The checkpoint of the latest position: {@code last.pth}. */
    public static Path last(Path outputDir) {
        return outputDir.resolve(LAST);
    }

    /**
     * The newest training checkpoint in {@code outputDir} taken before optimiser step {@code step} ({@code last.pth}
     * or a numbered one), by the step recorded inside it.
     */
    public static Optional<Path> newestBefore(Path outputDir, long step) throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> files = Files.list(outputDir)) {
            files.filter(f -> {
                String name = f.getFileName().toString();
                return name.equals(LAST) || NUMBERED.matcher(name).matches();
            }).sorted().forEach(candidates::add);
        }
        Path best = null;
        long bestStep = -1;
        for (Path file : candidates) {
            long s = read(file).globalStep();
            if (s < step && s > bestStep) {
                bestStep = s;
                best = file;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Writes atomically (temporary file, then rename), so a crash never leaves a torn checkpoint. */
    public void write(Path file) throws IOException {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("epoch", epoch);
        extras.put("batch", batch);
        extras.put("global_step", globalStep);
        extras.put("seed", seed);
        extras.put("preset", preset);
        extras.put("optimizer", new LinkedHashMap<>(optimizer));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            CheckpointWriter.write(tmp, weights, extras);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a checkpoint written by {@link #write}; a plain state dict is an error (use it as initial weights). */
    public static TrainingCheckpoint read(Path file) throws IOException {
        Checkpoint c = CheckpointReader.read(file);
        Map<String, Object> x = c.extras();
        for (String key : new String[] {"epoch", "batch", "global_step", "seed", "optimizer"}) {
            if (!x.containsKey(key)) {
                throw new IOException(file + ": not a training checkpoint (no '" + key + "'); use it as initial weights instead");
            }
        }
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        if (x.get("optimizer") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof Tensor t)) {
                    throw new IOException(file + ": optimizer entry " + e.getKey() + " is not a tensor");
                }
                optimizer.put(String.valueOf(e.getKey()), t);
            }
        } else {
            throw new IOException(file + ": 'optimizer' is not a dict");
        }
        return new TrainingCheckpoint(c.stateDict(), optimizer, number(x, "epoch", file).intValue(),
                number(x, "batch", file).intValue(), number(x, "global_step", file).longValue(),
                number(x, "seed", file).longValue(), String.valueOf(x.get("preset")));
    }

    private static Number number(Map<String, Object> extras, String key, Path file) throws IOException {
        if (extras.get(key) instanceof Number n) {
            return n;
        }
        throw new IOException(file + ": '" + key + "' is not a number: " + extras.get(key));
    }
}
