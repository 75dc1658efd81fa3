package dev.retinaface.eval.validation;

import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.eval.widerface.WiderEvaluation;
import dev.retinaface.eval.widerface.WiderResult;
import dev.retinaface.eval.widerface.WiderSetting;
import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.model.zoo.ModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Validation AP of in-memory weights equals the AP of the reference implementation's predictions. */
class WiderValidationTest {

    @TempDir
    Path tmp;

    @Test
    void apOfPretrainedWeightsMatchesReferencePredictionsOnASubset() throws Exception {
        Path val = SharedData.resolve("widerface/WIDER_val/images");
        Path gt = SharedData.resolve("widerface/eval_tools/ground_truth");
        Path reference = SharedData.resolve("reference/widerface_val_predictions");
        List<Path> subset;
        try (Stream<Path> files = Files.list(val.resolve("13--Interview"))) {
            subset = files.sorted().limit(10).toList();
        }
        Path images = Files.createDirectories(tmp.resolve("images/13--Interview"));
        Path predictions = Files.createDirectories(tmp.resolve("predictions/13--Interview"));
        for (Path image : subset) {
            Files.createSymbolicLink(images.resolve(image.getFileName()), image);
            String txt = image.getFileName().toString().replace(".jpg", ".txt");
            Files.copy(reference.resolve("13--Interview").resolve(txt), predictions.resolve(txt));
        }
        WiderResult expected = WiderEvaluation.run(tmp.resolve("predictions"), gt);

        WiderValidation validation = new WiderValidation(tmp.resolve("images"), gt);
        WiderResult actual;
        try (FaceModel model = FaceModel.load(ModelSource.file("mobilenet0.25",
                SharedData.resolve("weights/mobilenet0.25_Final.pth")), RuntimeConfig.defaults().withThreads(1))) {
            actual = validation.evaluate(model.detector(DetectorConfig.evaluation()));
        }

        assertEquals(10, actual.images());
        for (WiderSetting s : WiderSetting.values()) {
            assertEquals(expected.averagePrecision(s), actual.averagePrecision(s), 2e-3, s.key());
        }
    }

    @Test
    void aFolderWithoutEventImagesIsRefused() throws Exception {
        Path gt = SharedData.resolve("widerface/eval_tools/ground_truth");
        assertThrows(IllegalArgumentException.class, () -> new WiderValidation(Files.createDirectories(tmp.resolve("e")), gt));
    }
}
