package dev.retinaface.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code retinaface evaluate}: placeholder until the evaluator is wired in. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "WIDER FACE evaluation (easy / medium / hard AP).")
final class EvaluateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalStateException("evaluation is not wired into the command line yet");
    }
}
