package dev.retinaface.cli;

import dev.retinaface.train.loop.TrainingPreset;
import dev.retinaface.train.optim.LearningRateSchedule;

import java.util.Arrays;

/**
 * Parses {@code --schedule}: {@code reference}, {@code paper} (their decay epochs scaled to the run's length,
 * e.g. 190 and 220 of 250 become 8 and 9 of 10), {@code constant}, or a spec such as
 * {@code warmup=1,decay=8+9,gamma=0.1} (any part may be left out). {@code --lr} replaces the base rate;
 * a warm-up starts at a tenth of it.
 */
final class ScheduleOption {

    private ScheduleOption() {
    }

    static LearningRateSchedule parse(String spec, Float lr, int epochs, TrainingPreset preset) {
        String s = spec == null ? preset.name().toLowerCase(java.util.Locale.ROOT) : spec.strip();
        LearningRateSchedule base = switch (s) {
            case "reference" -> scaled(LearningRateSchedule.reference(), TrainingPreset.REFERENCE.epochs(), epochs);
            case "paper" -> scaled(LearningRateSchedule.paper(), TrainingPreset.PAPER.epochs(), epochs);
            case "constant" -> new LearningRateSchedule(preset.schedule().baseLr(), 0, 0f, new int[0], 0.1f);
            default -> custom(s, preset.schedule().baseLr());
        };
        if (lr == null) {
            return base;
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + lr);
        }
        return new LearningRateSchedule(lr, base.warmupEpochs(), lr / 10, base.decayEpochs(), base.gamma());
    }

    private static LearningRateSchedule scaled(LearningRateSchedule s, int presetEpochs, int epochs) {
        if (epochs == presetEpochs) {
            return s;
        }
        int[] decay = Arrays.stream(s.decayEpochs()).map(e -> (int) Math.round((double) e * epochs / presetEpochs))
                .filter(e -> e > 0 && e < epochs).distinct().toArray();
        int warmup = Math.min(s.warmupEpochs(), Math.max(0, epochs - 1));
        return new LearningRateSchedule(s.baseLr(), warmup, s.warmupStartLr(), decay, s.gamma());
    }

    private static LearningRateSchedule custom(String spec, float baseLr) {
        int warmup = 0;
        int[] decay = new int[0];
        float gamma = 0.1f;
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw bad(spec);
            }
            try {
                switch (kv[0].strip()) {
                    case "warmup" -> warmup = Integer.parseInt(kv[1].strip());
                    case "decay" -> decay = Arrays.stream(kv[1].split("\\+")).mapToInt(e -> Integer.parseInt(e.strip())).toArray();
                    case "gamma" -> gamma = Float.parseFloat(kv[1].strip());
                    default -> throw bad(spec);
                }
            } catch (NumberFormatException e) {
                throw bad(spec);
            }
        }
        return new LearningRateSchedule(baseLr, warmup, baseLr / 10, decay, gamma);
    }

    private static IllegalArgumentException bad(String spec) {
        return new IllegalArgumentException("--schedule '" + spec + "': expected reference, paper, constant or "
                + "warmup=E,decay=E1+E2,gamma=G (e.g. warmup=1,decay=8+9)");
    }
}
