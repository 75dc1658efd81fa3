package dev.retinaface.model.nets;

import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.Checkpoint;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Asserts that a network's parameters and a checkpoint's tensors agree in names and shapes, both ways. */
final class ParameterParity {

    private ParameterParity() {
    }

    /** Checkpoint tensors by key without the {@code module.} prefix and without batch-norm counters. */
    static Map<String, Tensor> checkpointTensors(Path file) throws IOException {
        Checkpoint ckpt = CheckpointReader.read(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ckpt.stateDict().forEach((key, tensor) -> {
            if (!key.endsWith(".num_batches_tracked")) {
                tensors.put(key.startsWith("module.") ? key.substring("module.".length()) : key, tensor);
            }
        });
        return tensors;
    }

    static void assertSameParameters(Network network, Path checkpoint) throws IOException {
        Map<String, Tensor> tensors = checkpointTensors(checkpoint);
        Map<String, long[]> expected = network.parameterShapes();
        List<String> problems = new ArrayList<>();
        expected.forEach((key, shape) -> {
            Tensor t = tensors.get(key);
            if (t == null) {
                problems.add("missing in checkpoint: " + key);
            } else if (!Arrays.equals(shape, t.shape())) {
                problems.add(key + ": network " + Arrays.toString(shape) + ", checkpoint " + Arrays.toString(t.shape()));
            }
        });
        tensors.keySet().stream().filter(k -> !expected.containsKey(k))
                .forEach(k -> problems.add("not used by the network: " + k));
        assertEquals(List.of(), problems, network.name() + " vs " + checkpoint.getFileName());
        assertEquals(tensors.size(), expected.size());
    }

    /** Number of trainable values in the checkpoint, counted the way PyTorch counts parameters. */
    static long trainableValues(Map<String, Tensor> tensors) {
        return tensors.entrySet().stream()
                .filter(e -> !e.getKey().endsWith(".running_mean") && !e.getKey().endsWith(".running_var"))
                .mapToLong(e -> e.getValue().size()).sum();
    }
}
