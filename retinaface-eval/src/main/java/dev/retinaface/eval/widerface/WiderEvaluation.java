package dev.retinaface.eval.widerface;

import java.io.IOException;
import java.nio.file.Path;

/** One-call WIDER FACE evaluation for the command line. */
public final class WiderEvaluation {

    private WiderEvaluation() {
    }

    /**
     * Reads {@code <event>/<image>.txt} predictions under {@code predictionsDir}, the official ground truth
     * ({@code wider_face_val.mat}, {@code wider_{easy,medium,hard}_val.mat}) from {@code gtDir}, and scores
     * the images that have predictions by the official protocol.
     */
    public static WiderResult run(Path predictionsDir, Path gtDir) throws IOException {
        WiderGroundTruth groundTruth = WiderGroundTruth.load(gtDir);
        return WiderEvaluator.evaluate(groundTruth, WiderPredictions.read(predictionsDir));
    }
}
