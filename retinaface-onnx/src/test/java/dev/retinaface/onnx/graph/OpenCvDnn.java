package dev.retinaface.onnx.graph;

import dev.retinaface.onnx.runtime.RawOutputs;
import nu.pattern.OpenCV;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import java.util.ArrayList;
import java.util.List;

/** Runs an exported RetinaFace graph in OpenCV's DNN module (Java bindings of org.openpnp:opencv). */
final class OpenCvDnn {

    private static boolean loaded;

    private OpenCvDnn() {
    }

    /** OpenCV's version, loading its natives on first use. */
    static synchronized String version() {
        if (!loaded) {
            OpenCV.loadLocally();
            loaded = true;
        }
        return Core.VERSION;
    }

    /** Loads {@code model} and runs it on one NCHW image; the outputs in the layout of ONNX Runtime's. */
    static RawOutputs run(byte[] model, float[] nchw, int channels, int h, int w) {
        version();
        Net net = Dnn.readNetFromONNX(new MatOfByte(model));
        Mat blob = new Mat(new int[] {1, channels, h, w}, CvType.CV_32F);
        blob.put(new int[] {0, 0, 0, 0}, nchw);
        net.setInput(blob, OnnxGraphBuilder.INPUT);
        List<Mat> outs = new ArrayList<>();
        net.forward(outs, List.of(OnnxGraphBuilder.BOXES, OnnxGraphBuilder.SCORES, OnnxGraphBuilder.LANDMARKS));
        float[] boxes = values(outs.get(0));
        return new RawOutputs(boxes.length / 4, new float[][] {boxes}, new float[][] {values(outs.get(1))},
                new float[][] {values(outs.get(2))});
    }

    private static float[] values(Mat m) {
        Mat flat = m.reshape(1, 1);
        float[] v = new float[(int) flat.total()];
        flat.get(0, 0, v);
        return v;
    }
}
