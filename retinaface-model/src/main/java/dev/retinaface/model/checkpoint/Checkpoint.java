package dev.retinaface.model.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link CheckpointReader} found in a {@code .pth} file.
 *
 * @param source        the file read
 * @param format        its container format
 * @param stateDictPath where the state dict sat in the saved object: {@code ""} when the object itself was the
 *                      state dict, else the key holding it (e.g. {@code "state_dict"})
 * @param stateDict     tensors by name, in file order
 * @param extras        the other top-level entries of the saved dict (e.g. {@code epoch}), with tensors
 *                      converted to {@link Tensor}; empty when the object was the state dict itself
 */
public record Checkpoint(Path source, Format format, String stateDictPath, Map<String, Tensor> stateDict,
                         Map<String, Object> extras) {

    /** Container format of a PyTorch checkpoint. */
    public enum Format {
        /** {@code torch.save(..., _use_new_zipfile_serialization=False)} and every PyTorch before 1.6. */
        LEGACY,
        /** The zip archive {@code torch.save} writes since PyTorch 1.6. */
        ZIP
    }

    public Checkpoint {
        stateDict = Collections.unmodifiableMap(new LinkedHashMap<>(stateDict));
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** The tensor stored under {@code key}; throws when absent. */
    public Tensor tensor(String key) {
        Tensor t = stateDict.get(key);
        if (t == null) {
            throw new IllegalArgumentException(source + ": no tensor '" + key + "'");
        }
        return t;
    }
}
