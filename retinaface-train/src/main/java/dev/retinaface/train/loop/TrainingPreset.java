package dev.retinaface.train.loop;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.nets.MobileNetV1;
import dev.retinaface.model.nets.PaperMobileNet;
import dev.retinaface.train.loss.LossConfig;
import dev.retinaface.train.match.MatchConfig;
import dev.retinaface.train.optim.LearningRateSchedule;

import java.util.function.Supplier;

/**
 * The two recipes: the reference implementation's (3 levels, 2 anchors per cell, IoU 0.35, OHEM 7:1) and the
 * paper's (P2..P6, 3 anchors per cell, IoU 0.5 / 0.3 with an ignored band, OHEM 3:1, warm-up).
 */
public enum TrainingPreset {

    REFERENCE(MobileNetV1::retinaFace, PriorConfig.reference(), MatchConfig.reference(), LossConfig.reference(),
            LearningRateSchedule.reference(), 250),
    PAPER(PaperMobileNet::retinaFace, PriorConfig.paper(), MatchConfig.paper(), LossConfig.paper(),
            LearningRateSchedule.paper(), 80);

    private final Supplier<Network> network;
    private final PriorConfig anchors;
    private final MatchConfig match;
    private final LossConfig loss;
    private final LearningRateSchedule schedule;
    private final int epochs;

    TrainingPreset(Supplier<Network> network, PriorConfig anchors, MatchConfig match, LossConfig loss,
                   LearningRateSchedule schedule, int epochs) {
        this.network = network;
        this.anchors = anchors;
        this.match = match;
        this.loss = loss;
        this.schedule = schedule;
        this.epochs = epochs;
    }

    public Network network() {
        return network.get();
    }

    public PriorConfig anchors() {
        return anchors;
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
