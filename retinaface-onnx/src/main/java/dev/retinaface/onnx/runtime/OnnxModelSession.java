package dev.retinaface.onnx.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A RetinaFace-style ONNX model loaded once into ONNX Runtime. Outputs are found by the names
 * {@code boxes/scores/landmarks} (models from {@code OnnxGraphBuilder}) or else taken in order
 * (box, score, landmark, as the PyTorch export {@code loc/conf/landms}). Thread-safe: runs may overlap;
 * {@link #close()} waits for running calls.
 */
public final class OnnxModelSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OnnxModelSession.class.getName());
    private static final List<String> OUTPUT_NAMES = List.of("boxes", "scores", "landmarks");

    private final OrtSession session;
    private final String inputName;
    private final int channels;
    private final List<String> outputNames;
    private final boolean cuda;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Loads a serialised ONNX model.
     *
     * @throws OnnxInferenceException when ONNX Runtime rejects the model or it has not one input and three outputs
     */
    public OnnxModelSession(byte[] model, SessionConfig config) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(config.interOpThreads());
            options.setExecutionMode(config.interOpThreads() > 1
                    ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (!config.allowSpinning()) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
            this.cuda = config.useCuda() && tryCuda(options, config.cudaDevice());
            this.session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new OnnxInferenceException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new OnnxInferenceException("model must have one input, has " + inputs.keySet());
            }
            NodeInfo input = inputs.values().iterator().next();
            this.inputName = input.getName();
            long[] shape = ((TensorInfo) input.getInfo()).getShape();
            this.channels = shape.length == 4 && shape[1] > 0 ? (int) shape[1] : 3;
            this.outputNames = chooseOutputs(new ArrayList<>(session.getOutputNames()));
        } catch (OrtException | RuntimeException e) {
            closeQuietly();
            if (e instanceof OnnxInferenceException oie) {
                throw oie;
            }
            throw new OnnxInferenceException("cannot read the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static boolean tryCuda(OrtSession.SessionOptions options, int device) {
        try {
            options.addCUDA(device);
            return true;
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            LOG.log(System.Logger.Level.WARNING, "CUDA execution provider unavailable (" + e.getMessage()
                    + "); running on CPU. Use the onnxruntime_gpu artifact for CUDA.");
            return false;
        }
    }

    private static List<String> chooseOutputs(List<String> names) {
        if (names.containsAll(OUTPUT_NAMES)) {
            return OUTPUT_NAMES;
        }
        if (names.size() != 3) {
            throw new OnnxInferenceException("model must have three outputs (boxes, scores, landmarks), has " + names);
        }
        return names;
    }

    /** Whether the CUDA execution provider was registered. */
    public boolean usesCuda() {
        return cuda;
    }

    /** Name of the model's input. */
    public String inputName() {
        return inputName;
    }

    /**
     * Runs the model on a batch.
     *
     * @param nchw {@code n * channels * h * w} floats, NCHW (BGR minus mean for RetinaFace)
     * @throws IllegalArgumentException when the array length does not match the dimensions
     * @throws OnnxInferenceException   when ONNX Runtime fails (e.g. a batch size the model does not accept)
     */
    public RawOutputs run(float[] nchw, int n, int h, int w) {
        Objects.requireNonNull(nchw, "nchw");
        return run(FloatBuffer.wrap(nchw), n, h, w);
    }

    /**
     * Runs the model on a batch held in a buffer: its {@code remaining()} floats from the position, NCHW. A direct
     * buffer in native byte order (see {@link DirectBufferPool}) is read in place; any other is copied first. The
     * buffer's position and limit are left as they were.
     *
     * @throws IllegalArgumentException when the number of floats does not match the dimensions
     * @throws OnnxInferenceException   when ONNX Runtime fails
     */
    public RawOutputs run(FloatBuffer nchw, int n, int h, int w) {
        checkInput(nchw, n, h, w);
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("session is closed");
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OnnxTensor input = OnnxTensor.createTensor(env, nchw.duplicate(), new long[] {n, channels, h, w});
                 OrtSession.Result result = session.run(Map.of(inputName, input))) {
                float[][] boxes = split(result, outputNames.get(0), n, 4);
                float[][] scores = split(result, outputNames.get(1), n, 2);
                float[][] marks = split(result, outputNames.get(2), n, 10);
                return new RawOutputs(boxes[0].length / 4, boxes, scores, marks);
            } catch (OrtException e) {
                throw new OnnxInferenceException("inference failed for input " + n + "x" + channels + "x" + h + "x"
                        + w + ": " + e.getMessage(), e);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs the model on a batch held in a buffer (as {@link #run(FloatBuffer, int, int, int)}) and has ONNX Runtime
     * write the outputs into direct buffers borrowed from {@code pool}: nothing is allocated or copied per run once
     * the pool holds buffers of the size. The caller knows the anchor count of the input size (from the model's
     * anchors) and closes the result to give the buffers back.
     *
     * @throws IllegalArgumentException when the input does not match the dimensions or {@code anchors < 1}
     * @throws OnnxInferenceException   when ONNX Runtime fails, e.g. when the model does not produce
     *                                  {@code anchors} anchors for this size
     */
    public NetworkOutputs runInto(FloatBuffer nchw, int n, int h, int w, int anchors, DirectBufferPool pool) {
        Objects.requireNonNull(pool, "pool");
        checkInput(nchw, n, h, w);
        if (anchors < 1) {
            throw new IllegalArgumentException("anchors must be >= 1, got " + anchors);
        }
        int[] perAnchor = {4, 2, 10};
        FloatBuffer[] outputs = new FloatBuffer[3];
        OnnxTensor[] pinned = new OnnxTensor[3];
        NetworkOutputs result = null;
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("session is closed");
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            Map<String, OnnxTensor> targets = new java.util.HashMap<>(4);
            for (int i = 0; i < 3; i++) {
                outputs[i] = pool.borrow(Math.multiplyExact(Math.multiplyExact(n, anchors), perAnchor[i]));
                pinned[i] = OnnxTensor.createTensor(env, outputs[i], new long[] {n, anchors, perAnchor[i]});
                targets.put(outputNames.get(i), pinned[i]);
            }
            try (OnnxTensor input = OnnxTensor.createTensor(env, nchw.duplicate(), new long[] {n, channels, h, w});
                 OrtSession.Result ignored = session.run(Map.of(inputName, input), targets)) {
                result = new NetworkOutputs(n, anchors, outputs[0], outputs[1], outputs[2], pool);
                return result;
            }
        } catch (OrtException e) {
            throw new OnnxInferenceException("inference failed for input " + n + "x" + channels + "x" + h + "x" + w
                    + " with " + anchors + " anchors: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : pinned) {
                if (t != null) {
                    t.close();
                }
            }
            if (result == null) { // failed: the borrowed buffers go back now
                for (FloatBuffer b : outputs) {
                    pool.release(b);
                }
            }
            lock.readLock().unlock();
        }
    }

    private void checkInput(FloatBuffer nchw, int n, int h, int w) {
        Objects.requireNonNull(nchw, "nchw");
        if (n < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("dimensions must be positive, got n=" + n + " h=" + h + " w=" + w);
        }
        long expected = (long) n * channels * h * w;
        if (nchw.remaining() != expected) {
            throw new IllegalArgumentException("input holds " + nchw.remaining() + " floats, " + n + "x" + channels
                    + "x" + h + "x" + w + " needs " + expected);
        }
    }

    private static float[][] split(OrtSession.Result result, String name, int n, int k) throws OrtException {
        OnnxTensor t = (OnnxTensor) result.get(name)
                .orElseThrow(() -> new OnnxInferenceException("model produced no output " + name));
        long[] shape = t.getInfo().getShape();
        if (shape.length != 3 || shape[0] != n || shape[2] != k) {
            throw new OnnxInferenceException("output " + name + " has shape " + java.util.Arrays.toString(shape)
                    + ", expected [" + n + ", anchors, " + k + "]");
        }
        FloatBuffer all = t.getFloatBuffer();
        int per = (int) (shape[1] * k);
        float[][] out = new float[n][per];
        for (int b = 0; b < n; b++) {
            all.get(out[b]);
        }
        return out;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.log(System.Logger.Level.WARNING, "closing ONNX Runtime session: " + e.getMessage());
        }
    }
}
