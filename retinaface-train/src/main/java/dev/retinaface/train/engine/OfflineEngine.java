package dev.retinaface.train.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts the DJL PyTorch engine without network access: the native libraries come from the
 * {@code pytorch-native-cpu} jar on the class path (extracted once into the DJL cache folder,
 * {@code ~/.djl.ai} or {@code DJL_CACHE_DIR}) and the JNI glue from {@code pytorch-jni}.
 *
 * <p>Properties set here unless the caller already set them (system property or environment variable):
 * <ul>
 *   <li>{@code ai.djl.offline=true}: never download anything;</li>
 *   <li>{@code PYTORCH_VERSION=2.7.1}: the version of the bundled natives;</li>
 *   <li>{@code PYTORCH_FLAVOR=cpu}: the CPU build, as bundled;</li>
 *   <li>{@code ai.djl.pytorch.num_interop_threads} / {@code ai.djl.pytorch.num_threads}: from
 *       {@link #start(int)} when a thread count is given.</li>
 * </ul>
 */
public final class OfflineEngine {

    /** Native PyTorch version shipped in the {@code pytorch-native-cpu} jar this module depends on. */
    public static final String PYTORCH_VERSION = "2.7.1";

    private OfflineEngine() {
    }

    /** Starts (or returns) the PyTorch engine with default threading. */
    public static Engine start() {
        return start(0);
    }

    /**
     * Starts (or returns) the PyTorch engine.
     *
     * @param threads intra-op threads for PyTorch, or 0 to leave the default (applied even when the engine
     *                already runs)
     */
    public static synchronized Engine start(int threads) {
        setDefault("ai.djl.offline", "true");
        setDefault("PYTORCH_VERSION", PYTORCH_VERSION);
        setDefault("PYTORCH_FLAVOR", "cpu");
        if (threads > 0) {
            setDefault("ai.djl.pytorch.num_threads", Integer.toString(threads));
            setDefault("ai.djl.pytorch.num_interop_threads", "1");
        }
        try {
            Engine engine = Engine.getEngine("PyTorch");
            if (threads > 0) {
                JniUtils.setNumThreads(threads);
            }
            return engine;
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the DJL PyTorch engine offline (natives expected in "
                    + "ai.djl.pytorch:pytorch-native-cpu:" + PYTORCH_VERSION + " on the class path): "
                    + e.getMessage(), e);
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
