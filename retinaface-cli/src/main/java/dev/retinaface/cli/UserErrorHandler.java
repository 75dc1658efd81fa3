package dev.retinaface.cli;

import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.core.image.ImageTooLargeException;
import dev.retinaface.model.registry.WeightsException;
import dev.retinaface.model.zoo.WrongArchitectureException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Words every failure of a command as one line on standard error, never a stack trace unless
 * {@code RETINAFACE_DEBUG=1} (then the trace follows the line). User mistakes (bad or hostile files, bad options,
 * missing weights) exit with {@link #USER_ERROR}; anything else is an internal error ({@link #INTERNAL_ERROR}),
 * still one line, naming the exception. Library exceptions already name their file and reason:
 * {@code retinaface detect: bomb.pth: tensor 'x' has 1500000000 values over a storage of 1 elements ...}.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 3;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean user = isUserError(ex);
        cmd.getErr().println("retinaface " + cmd.getCommandName() + ": " + (user ? describe(ex) : internal(ex)));
        if (debug()) {
            ex.printStackTrace(cmd.getErr());
        }
        return user ? USER_ERROR : INTERNAL_ERROR;
    }

    /** The line for an error that escaped picocli's handling (an {@code OutOfMemoryError} in a command). */
    static String outOfMemory(OutOfMemoryError e) {
        return "out of memory (" + message(e) + ", Java heap limit " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB): give Java more with JAVA_OPTS=-Xmx4g, or smaller inputs";
    }

    static boolean debug() {
        return System.getenv("RETINAFACE_DEBUG") != null;
    }

    private static boolean isUserError(Throwable ex) {
        return ex instanceof IOException || ex instanceof UncheckedIOException // CheckpointException included
                || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof WeightsException || ex instanceof MalformedFileException;
    }

    private static String internal(Throwable t) {
        return "internal error: " + t.getClass().getName() + ": " + message(t)
                + " (RETINAFACE_DEBUG=1 shows the stack trace; please report it)";
    }

    /**
     * A library error worded for a command-line user: typed errors carry their facts (limit, suggested model), and
     * the advice names the command-line option rather than the Java setting.
     */
    static String describe(Throwable t) {
        if (t instanceof ImageTooLargeException big) {
            return String.format(Locale.ROOT, "%s: the image is %d x %d = %,d pixels, more than the limit of %,d pixels; "
                    + "raise it with --max-pixels N if the image is genuine", big.source(), big.width(), big.height(),
                    big.pixels(), big.limit());
        }
        if (t instanceof WrongArchitectureException wrong) {
            return wrong.getMessage() + wrong.suggestedModel().map(m -> "\nTry --model " + m + ".").orElse("");
        }
        return message(t);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
