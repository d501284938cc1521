package io.latzero.persistence.cli;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.ConflictException;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.NotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one line on stderr (no stack trace) and an exit code that says what kind of
 * failure it was; the codes are listed in the tool's {@code --help}.
 */
final class CliErrors implements IExitCodeExceptionMapper, IExecutionExceptionHandler {
    static final int STORAGE = 1;
    static final int NOT_FOUND = 3;
    static final int ALREADY_EXISTS = 4;
    static final int CONFLICT = 5;
    static final int INVALID_INPUT = 6;
    static final int INTERNAL = 70;

    @Override
    public int getExitCode(Throwable failure) {
        if (failure instanceof ParameterException) {
            return CommandLine.ExitCode.USAGE;
        }
        if (failure instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (failure instanceof AlreadyExistsException) {
            return ALREADY_EXISTS;
        }
        if (failure instanceof ConflictException) {
            return CONFLICT;
        }
        if (failure instanceof InvalidInputException) {
            return INVALID_INPUT;
        }
        return failure instanceof LatZeroPersistenceException ? STORAGE : INTERNAL;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        String message = failure instanceof LatZeroPersistenceException
                ? failure.getMessage()
                : "internal error: " + failure;
        command.getErr().println(command.getColorScheme().errorText(command.getCommandSpec().root().name() + ": " + message));
        command.getErr().flush();
        return getExitCode(failure);
    }
}
