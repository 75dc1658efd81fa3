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
 * Prints user mistakes (bad files, bad options, missing weights) as one clear line instead of a stack
 * trace; unexpected failures still show their trace. {@code RETINAFACE_DEBUG=1} always shows traces.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean userError = ex instanceof IOException || ex instanceof UncheckedIOException
                || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof WeightsException || ex instanceof MalformedFileException;
        if (!userError || System.getenv("RETINAFACE_DEBUG") != null) {
            ex.printStackTrace();
        } else {
            cmd.getErr().println("retinaface " + cmd.getCommandName() + ": " + describe(ex));
        }
        return USER_ERROR;
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
