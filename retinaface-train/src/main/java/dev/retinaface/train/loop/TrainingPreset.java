package dev.retinaface.train.loop;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.zoo.ModelSpec;
import dev.retinaface.model.zoo.ModelZoo;
import dev.retinaface.train.loss.LossConfig;
import dev.retinaface.train.match.MatchConfig;
import dev.retinaface.train.optim.LearningRateSchedule;

/**
 * The two recipes: the reference implementation's (3 levels, 2 anchors per cell, IoU 0.35, OHEM 7:1) and the
 * paper's (P2..P6, 3 anchors per cell, IoU 0.5 / 0.3 with an ignored band, OHEM 3:1, warm-up). Each trains a model
 * of the zoo ({@link #model()}): its network and anchors are the ones detection, evaluation and export use with the
 * weights the run writes.
 */
public enum TrainingPreset {

    REFERENCE(ModelZoo.DEFAULT_MODEL, MatchConfig.reference(), LossConfig.reference(), LearningRateSchedule.reference(),
            250),
    PAPER(ModelZoo.PAPER_MODEL, MatchConfig.paper(), LossConfig.paper(), LearningRateSchedule.paper(), 80);

    private final String modelName;
    private final MatchConfig match;
    private final LossConfig loss;
    private final LearningRateSchedule schedule;
    private final int epochs;

    TrainingPreset(String modelName, MatchConfig match, LossConfig loss, LearningRateSchedule schedule, int epochs) {
        this.modelName = modelName;
        this.match = match;
        this.loss = loss;
        this.schedule = schedule;
        this.epochs = epochs;
    }

    /** The zoo model the preset trains (name, architecture, anchors). */
    public ModelSpec model() {
        return ModelZoo.get(modelName);
    }

    /** Its zoo name, e.g. for {@code detect --model}. */
    public String modelName() {
        return modelName;
    }

    public Network network() {
        return model().network();
    }

    public PriorConfig anchors() {
        return model().priors();
    }

    public MatchConfig match() {
        return match;
    }

    public LossConfig loss() {
        return loss;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    public int epochs() {
        return epochs;
    }
}
