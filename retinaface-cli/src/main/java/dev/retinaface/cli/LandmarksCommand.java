package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.eval.landmarks.LandmarkError;
import dev.retinaface.core.data.RetinaFaceLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code retinaface landmarks}: landmark error of a model against a RetinaFace label.txt. */
@Command(name = "landmarks", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Landmark error of the detector on faces with annotated landmarks.",
                "Annotated faces are matched to detections at IoU >= 0.5; the error of a face is the mean distance of "
                        + "its five points divided by sqrt(width x height) of its box."},
        footer = {"", "Examples:",
                "  retinaface landmarks --labels run/holdout-label.txt --images WIDER_train/images --weights run/final.pth",
                "  retinaface landmarks --labels label.txt --images WIDER_train/images --model mobilenet0.25"})
final class LandmarksCommand implements Callable<Integer> {

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "RetinaFace label.txt with landmarks.")
    Path labels;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder the label paths are relative to.")
    Path images;

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(images)) {
            throw new IOException("images folder not found: " + images);
        }
        try (FaceModel model = detectorOptions.loadModel()) {
            System.out.println(LandmarkError.measure(model.detector(detectorOptions.detectorConfig()),
                    RetinaFaceLabels.read(labels), images));
        } catch (MalformedFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return 0;
    }
}
