package dev.retinaface.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code retinaface train}: placeholder until the training module's trainer is wired in. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train or fine-tune a RetinaFace model (DJL, PyTorch engine).")
final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalStateException("training is not wired into the command line yet");
    }
}
