package dev.retinaface.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code retinaface bench}: placeholder. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Speed benchmark.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalStateException("not yet");
    }
}
