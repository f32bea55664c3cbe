package dev.bellman.cli;

/**
 * A run that failed for a reason the user can act on but that is not bad input (training diverged): the command
 * prints the message as one paragraph and exits with code 1, without a stack trace unless {@code --debug} is given.
 */
final class RunFault extends RuntimeException {
    RunFault(String message, Throwable cause) {
        super(message, cause);
    }
}
