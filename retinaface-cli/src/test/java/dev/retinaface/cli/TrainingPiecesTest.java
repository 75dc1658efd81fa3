package dev.retinaface.cli;

import dev.retinaface.core.data.AnnotatedFace;
import dev.retinaface.core.data.RetinaFaceLabels;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.train.loop.TrainingPreset;
import dev.retinaface.train.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts of {@code retinaface train}: hold-out split, schedule option, landmark error. */
class TrainingPiecesTest {

    @TempDir
    Path tmp;

    @Test
    void holdoutSplitIsDisjointCompleteAndSpread() throws Exception {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            labels.append("# e/").append(i).append(".jpg\n1 1 5 5\n");
        }
        Path file = Files.writeString(tmp.resolve("label.txt"), labels);
        HoldoutSplit split = HoldoutSplit.write(file, 3, tmp.resolve("out"));
        List<String> train = names(split.trainLabels());
        List<String> held = names(split.holdoutLabels());
        assertEquals(List.of("e/1.jpg", "e/5.jpg", "e/8.jpg"), held);
        assertEquals(7, train.size());
        Set<String> all = new HashSet<>(train);
        all.addAll(held);
        assertEquals(10, all.size());
        assertThrows(IllegalArgumentException.class, () -> HoldoutSplit.write(file, 10, tmp.resolve("out2")));
    }

    private static List<String> names(Path labels) throws Exception {
        return RetinaFaceLabels.read(labels).stream().map(i -> i.relativePath()).toList();
    }

    @Test
    void scheduleOption() {
        LearningRateSchedule ref = ScheduleOption.parse("reference", null, 10, TrainingPreset.REFERENCE);
        assertArrayEquals(new int[] {8, 9}, ref.decayEpochs()); // 190/250 and 220/250 of 10
        assertEquals(1e-3f, ref.baseLr());
        assertEquals(LearningRateSchedule.reference(), ScheduleOption.parse(null, null, 250, TrainingPreset.REFERENCE));
        LearningRateSchedule custom = ScheduleOption.parse("warmup=1,decay=10", 2.5e-3f, 12, TrainingPreset.REFERENCE);
        assertEquals(2.5e-3f, custom.rate(1, 0, 100));
        assertEquals(2.5e-4f, custom.rate(0, 0, 100), 1e-9f);
        assertEquals(2.5e-4f, custom.rate(10, 0, 100), 1e-9f);
        assertEquals(1e-2f, ScheduleOption.parse("constant", 1e-2f, 3, TrainingPreset.REFERENCE).rate(2, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> ScheduleOption.parse("cosine", null, 3, TrainingPreset.PAPER));
        assertThrows(IllegalArgumentException.class, () -> ScheduleOption.parse("warmup=x", null, 3, TrainingPreset.PAPER));
    }

    @Test
    void landmarkErrorMatchesByIouAndNormalisesByBoxSize() {
        // a 100x100 face whose detected points are all 5 px off: error 5 / 100
        AnnotatedFace truth = face(0, 0, 100, 100, 0);
        Face near = detection(2, 2, 102, 102, 3, 4);
        Face far = detection(300, 300, 400, 400, 0, 0); // IoU 0: no match
        List<Double> errors = LandmarkError.errors(List.of(truth, face(300, 300, 340, 340, 0)), List.of(far, near));
        assertEquals(1, errors.size());
        assertEquals(0.05, errors.get(0), 1e-6);
        assertTrue(LandmarkError.errors(List.of(truth), List.of()).isEmpty());
    }

    private static AnnotatedFace face(float x1, float y1, float x2, float y2, float shift) {
        return new AnnotatedFace(new Box(x1, y1, x2, y2), points(x1, y1, shift, shift), null);
    }

    private static Face detection(float x1, float y1, float x2, float y2, float dx, float dy) {
        return new Face(new Box(x1, y1, x2, y2), 0.9f, points(0, 0, dx, dy));
    }

    private static List<Point> points(float x, float y, float dx, float dy) {
        return List.of(new Point(x + 30 + dx, y + 40 + dy), new Point(x + 70 + dx, y + 40 + dy),
                new Point(x + 50 + dx, y + 60 + dy), new Point(x + 35 + dx, y + 80 + dy), new Point(x + 65 + dx, y + 80 + dy));
    }
}
