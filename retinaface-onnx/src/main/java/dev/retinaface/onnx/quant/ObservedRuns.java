package dev.retinaface.onnx.quant;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.retinaface.onnx.graph.OnnxGraphBuilder;
import dev.retinaface.onnx.graph.OnnxGraphSpec;
import dev.retinaface.onnx.graph.OnnxInitializer;
import dev.retinaface.onnx.graph.OnnxProtoEncoder;
import dev.retinaface.onnx.graph.OnnxValueInfo;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a graph with inner tensors exposed as extra outputs over the calibration images, one image at a time in order
 * (so the same images give the same results): what calibration and bias correction both do.
 */
final class ObservedRuns {

    private ObservedRuns() {
    }

    /** What is done with each image's run. */
    interface ImageVisitor {
        void visit(CalibrationImages.Input input, OrtSession.Result result) throws OrtException;
    }

    /** A float NCHW graph output with its own symbolic dimensions ({@code tag} keeps them apart). */
    static OnnxValueInfo activation(String name, String tag) {
        return new OnnxValueInfo(name, OnnxInitializer.FLOAT, List.of(OnnxValueInfo.Dim.named("N"),
                OnnxValueInfo.Dim.named("c" + tag), OnnxValueInfo.Dim.named("h" + tag),
                OnnxValueInfo.Dim.named("w" + tag)));
    }

    /** A session on {@code graph} with {@code threads} intra-op threads that do not spin between runs. */
    static OrtSession open(OnnxGraphSpec graph, String purpose, int threads) throws OrtException {
        byte[] model = OnnxProtoEncoder.encodeModel(graph, OnnxGraphBuilder.IR_VERSION, OnnxGraphBuilder.OPSET,
                "retinaface-java", purpose);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return OrtEnvironment.getEnvironment().createSession(model, options);
        }
    }

    /** Runs {@code session} on every image in order, asking for the {@code wanted} outputs. */
    static void forEachImage(OrtSession session, CalibrationImages images, Set<String> wanted, ImageVisitor visitor)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String inputName = session.getInputNames().iterator().next();
        for (int i = 0; i < images.size(); i++) {
            CalibrationImages.Input in = images.input(i);
            try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.nchw()),
                    new long[] {1, 3, in.height(), in.width()});
                 OrtSession.Result r = session.run(Map.of(inputName, x), wanted)) {
                visitor.visit(in, r);
            }
        }
    }
}
