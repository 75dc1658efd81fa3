package dev.retinaface.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code retinaface} command-line tool. */
@Command(name = "retinaface", mixinStandardHelpOptions = true, version = "retinaface-java 0.1.0",
        description = "RetinaFace face detection, evaluation and training on the JVM.",
        subcommands = {DetectCommand.class, ModelsCommand.class, ExportOnnxCommand.class, BenchCommand.class,
                EvaluateCommand.class, TrainCommand.class, LandmarksCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  retinaface detect photo.jpg                       faces of one photo, annotated copy in ./annotated",
                "  retinaface detect --json faces.json photos/       every image under photos/ (recursive)",
                "  retinaface models                                 named models and whether they are cached",
                "  retinaface evaluate --weights W --images DIR --gt DIR   WIDER FACE easy/medium/hard AP",
                "  retinaface bench                                  speed table",
                "", "Run 'retinaface help COMMAND' for a command's options."})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli.execute(args);
    }
}
