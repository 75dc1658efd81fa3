package dev.retinaface.cli;

import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.model.registry.WeightsException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

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
            cmd.getErr().println("retinaface " + cmd.getCommandName() + ": " + message(ex));
        }
        return USER_ERROR;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
