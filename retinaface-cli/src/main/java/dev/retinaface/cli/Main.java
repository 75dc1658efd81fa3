package dev.retinaface.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code retinaface} command-line tool. */
@Command(name = "retinaface", mixinStandardHelpOptions = true, version = "retinaface-java 0.1.0",
        description = "RetinaFace face detection, evaluation and training on the JVM.",
        subcommands = {DetectCommand.class, ModelsCommand.class, ExportOnnxCommand.class, BenchCommand.class,
                EvaluateCommand.class, TrainCommand.class, LandmarksCommand.class, ServeCommand.class, BenchServeCommand.class,
                VideoCommand.class, BlurCommand.class, BenchVideoCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  retinaface detect photo.jpg",
                "      faces of one photo; annotated copy in ./annotated",
                "  retinaface detect --json faces.json photos/",
                "      every image under photos/ (recursive), JSON out",
                "  retinaface models",
                "      named models and whether their weights are cached",
                "  retinaface evaluate --weights W --images DIR --gt DIR",
                "      WIDER FACE easy / medium / hard AP",
                "  retinaface bench",
                "      speed table against the PyTorch export",
                "  retinaface serve --port 8080",
                "      HTTP: POST an image to /detect",
                "  retinaface video clip.mp4 --blur-output blurred.mp4",
                "      faces tracked through a video, masked in a copy",
                "  retinaface blur photos/ --out blurred",
                "      anonymised copies of images (EXIF dropped)",
                "", "Run 'retinaface help COMMAND' for a command's options."})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        dev.retinaface.cli.bench.PeakMemory.reportIfRequested();
        System.exit(code);
    }

    /** Runs the tool and returns its exit code (used by tests). */
    public static int run(String... args) {
        try {
            return commandLine().execute(args);
        } catch (OutOfMemoryError e) { // picocli hands only Exceptions to the handler
            System.err.println("retinaface: " + UserErrorHandler.outOfMemory(e));
            if (UserErrorHandler.debug()) {
                e.printStackTrace();
            }
            return UserErrorHandler.INTERNAL_ERROR;
        }
    }

    /** The tool's command tree, ready to execute. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }
}
