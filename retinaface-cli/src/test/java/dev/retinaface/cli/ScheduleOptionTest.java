package dev.retinaface.cli;

import dev.retinaface.train.loop.TrainingPreset;
import dev.retinaface.train.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code --schedule} option of {@code retinaface train}. */
class ScheduleOptionTest {

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
}
